-- Mixed traffic for bench/soak.sh: pages, JSON twins, static files, form
-- posts and a few bad requests, counting answers by status class in every
-- wrk thread and adding them up at the end.
local paths = {
  { "GET", "/" },
  { "GET", "/dinas" },
  { "GET", "/dinas/dinkes" },
  { "GET", "/dinas/diskominfosantik.json" },
  { "GET", "/index.json" },
  { "GET", "/dinas/kecamatan-babelan" },
  { "GET", "/static/css/site.css" },
  { "GET", "/tidak-ada" },
  { "GET", "/healthz" },
  { "POST", "/dinas" },
}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  counts = { ["2xx"] = 0, ["3xx"] = 0, ["4xx"] = 0, ["5xx"] = 0 }
  n = 0
end

function request()
  n = n + 1
  local p = paths[(n % #paths) + 1]
  if p[1] == "POST" then
    return wrk.format("POST", p[2], { ["Content-Type"] = "application/x-www-form-urlencoded" },
                      "nama=Warga+Tambun&pesan=Jalan+rusak+di+depan+SDN+03")
  end
  return wrk.format("GET", p[2])
end

function response(status, headers, body)
  local class = tostring(math.floor(status / 100)) .. "xx"
  counts[class] = (counts[class] or 0) + 1
end

function done(summary, latency, requests)
  local total = { ["2xx"] = 0, ["3xx"] = 0, ["4xx"] = 0, ["5xx"] = 0 }
  for _, t in ipairs(threads) do
    local c = t:get("counts")
    for k, v in pairs(c) do total[k] = (total[k] or 0) + v end
  end
  local e = summary.errors
  io.write(string.format("statuses 2xx=%d 3xx=%d 4xx=%d 5xx=%d socket errors: connect=%d read=%d write=%d timeout=%d\n",
    total["2xx"], total["3xx"], total["4xx"], total["5xx"], e.connect, e.read, e.write, e.timeout))
end
