// share.js - two conveniences on top of plain links (the page works
// without them): copy the short link, and the phone's own share sheet
// (Web Share API) where the browser has it. No third-party script.
(function () {
  'use strict';
  document.querySelectorAll('[data-share-copy]').forEach(function (button) {
    var input = document.getElementById(button.getAttribute('data-share-copy'));
    if (!input || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(input.value).then(function () {
        button.textContent = button.getAttribute('data-done');
      }, function () {
        input.select();
      });
    });
  });
  document.querySelectorAll('[data-share-native]').forEach(function (button) {
    if (!navigator.share) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      navigator.share({ title: button.getAttribute('data-title'), url: button.getAttribute('data-url') })
        .catch(function () { /* the person closed the sheet */ });
    });
  });
})();
