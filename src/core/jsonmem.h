/*
 * jsonmem.h - routes jansson's allocations into the current request arena.
 *
 * While a thread serves a request (arena_set_current), every json_t it
 * creates lives in that request's arena and vanishes with it; outside a
 * request (start-up, CLI) jansson uses the heap as usual. Each block
 * carries a one-word tag so json_decref knows which one it came from.
 * Rule: JSON made at start-up (locale, settings) is read-only afterwards;
 * a request must never add to it, or the addition would die with the arena.
 */
#ifndef TERBUKA_JSONMEM_H
#define TERBUKA_JSONMEM_H

/* Installs the allocator; call once before any other jansson call. */
void jsonmem_install(void);

#endif
