/*
 * rules.h - what an agency's fields may hold (pure functions, internal to
 * agencies/): its slug, web addresses, telephone number and official
 * social-media accounts. The public page shows only what passes the
 * display rules; the admin form refuses what breaks the stricter input
 * rules.
 */
#ifndef TERBUKA_AGENCIES_RULES_H
#define TERBUKA_AGENCIES_RULES_H

#include <stdbool.h>
#include <stddef.h>

#define AGENCY_SLUG_MAX 80
#define AGENCY_NAME_MAX 200
#define AGENCY_SHORT_NAME_MAX 80
#define AGENCY_DESCRIPTION_MAX 10000
#define AGENCY_HEAD_MAX 150
#define AGENCY_ADDRESS_MAX 300
#define AGENCY_PHONE_MAX 40
#define AGENCY_URL_MAX 300

/* 1-80 of [a-z0-9-]. */
bool agency_slug_valid(const char *s, size_t n);

/* A link people may follow from a public page: "http://" or "https://"
 * (any case) then a host of letters, digits, dots and hyphens with at
 * least one dot, an optional port, and a rest of printable ASCII without
 * spaces, quotes, angle brackets or backslashes; no user name before the
 * host ("https://instagram.com@evil.example" is refused). At most
 * AGENCY_URL_MAX bytes. https_only refuses plain http. */
bool agency_url_valid(const char *s, size_t n, bool https_only);

/* The host of a URL that passed agency_url_valid, lowercased into out
 * (cap bytes). False when it does not fit. */
bool agency_url_host(const char *url, char *out, size_t cap);

/* Digits, spaces, parentheses, '+' and '-', with at least one digit. */
bool agency_phone_valid(const char *s, size_t n);

/* The tel: target of a phone number: a leading '+' and the digits, into
 * out (cap bytes); false when there are no digits or it does not fit. */
bool agency_phone_href(const char *s, char *out, size_t cap);

/* Official social networks, in the order pages show them. */
typedef struct agency_network {
	const char *name;          /* key in agencies.social: "instagram" */
	const char *const *hosts;  /* the hosts its accounts live on, NULL-ended */
} agency_network;

#define AGENCY_NNETWORKS 5
extern const agency_network agency_networks[AGENCY_NNETWORKS];
extern const size_t agency_nnetworks;

/* The network called name, or NULL when it is not one we know. */
const agency_network *agency_network_find(const char *name);
/* True when url (valid, https) is on one of the network's hosts (or a
 * subdomain of one, like "m.facebook.com"). */
bool agency_network_owns(const agency_network *net, const char *url);

#endif
