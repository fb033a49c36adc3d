/* The service worker of Catat kegiatan (app.daily), served from /kegiatan/sw.js so that its
   scope is /kegiatan/. It keeps the page and its assets for offline use; the reports
   themselves wait in IndexedDB (static/kegiatan.js), never in this cache.

   A new version (a new hash of the page's files) has a new cache name: it installs, takes
   over at once (skipWaiting, clients.claim), deletes the old caches, and the open page shows
   a "new version" notice. */
"use strict";

const VERSION = {{ version|tojson }};
const PREFIX = "kegiatan-";
const CACHE = PREFIX + VERSION;
const PAGE = new URL("./", self.location).pathname;    // the page: /kegiatan/
const ASSETS = {{ assets|tojson }};
// Same-origin files cached as they are fetched (the base template's styles may change).
const STATIC = [PAGE + "static/", "/static/", "/admin/static/"];

async function cachePage(cache) {
  // Only the page itself, never a redirect to the login page: a session that has ended must
  // not replace the cached page.
  const response = await fetch(PAGE, {credentials: "same-origin", redirect: "manual",
                                      cache: "no-store"});
  if (response.ok && response.type === "basic") {
    await cache.put(PAGE, response);
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(ASSETS);
    try { await cachePage(cache); } catch (e) { /* offline: the page caches itself later */ }
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== CACHE)
                           .map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic" && !response.redirected) {
      await cache.put(PAGE, response.clone());
    }
    return response;
  } catch (error) {
    const cached = await cache.match(PAGE);
    if (cached) { return cached; }
    throw error;
  }
}

async function staleWhileRevalidate(event) {
  // The cached copy at once (offline too), refreshed in the background for the next visit:
  // the base template's unversioned styles change without a new worker.
  const cache = await caches.open(CACHE);
  const cached = await cache.match(event.request);
  const refresh = fetch(event.request).then(async (response) => {
    if (response.ok && response.type === "basic") {
      await cache.put(event.request, response.clone());
    }
    return response;
  });
  if (cached) {
    event.waitUntil(refresh.catch(() => undefined));
    return cached;
  }
  return refresh;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") { return; }           // reports go to the network, always
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate" && url.pathname === PAGE) {
    event.respondWith(networkFirst(request));
  } else if (STATIC.some((prefix) => url.pathname.startsWith(prefix))
             || url.pathname === PAGE + "manifest.webmanifest") {
    event.respondWith(staleWhileRevalidate(event));
  }
  // Anything else (the JSON data, the login page) goes to the network as usual.
});
