// GovHall's service worker (docs/phone.md), served from /sw.js so it may control every page of the site.
// - The app shell (styles, scripts, icons, the offline page) is stored when the worker installs.
// - Public pages (home, service map, search, guides, departments, themes, life events): network first, the stored copy
//   when the network fails, the offline page when there is none — so a guide once opened stays readable offline.
// - Everything else (我的办件 /cases/, 我的账户 /accounts/, the workbench, payments, the API, …) goes to the network only
//   and is never stored; offline, such a page shows the offline page. Signing out empties the stored pages.
"use strict";
var VERSION = "__VERSION__";
var SHELL = "govhall-shell-" + VERSION;
var PAGES = "govhall-pages";
var SHELL_URLS = {{ shell|safe }};
var OFFLINE_URL = {{ offline_url|safe }};
var PAGES_EXACT = {{ pages|safe }};
var PAGE_PREFIXES = {{ page_prefixes|safe }};
var STATIC_PREFIX = {{ static_prefix|safe }};
var MAX_PAGES = 60;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL).then(function (cache) { return cache.addAll(SHELL_URLS); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("govhall-shell-") === 0 && name !== SHELL;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function isPublicPage(url) {
  if (PAGES_EXACT.indexOf(url.pathname) !== -1) { return true; }
  return PAGE_PREFIXES.some(function (prefix) { return url.pathname.indexOf(prefix) === 0; });
}

function storable(response) {
  if (!response || !response.ok || response.type !== "basic" || response.redirected) { return false; }
  var control = response.headers.get("Cache-Control") || "";
  var type = response.headers.get("Content-Type") || "";
  return !/no-store|private/.test(control) && type.indexOf("text/html") === 0;
}

function trim(cache) {
  return cache.keys().then(function (keys) {
    if (keys.length <= MAX_PAGES) { return; }
    return Promise.all(keys.slice(0, keys.length - MAX_PAGES).map(function (key) { return cache.delete(key); }));
  });
}

function networkFirst(request) {
  return fetch(request).then(function (response) {
    if (storable(response)) {
      var copy = response.clone();
      caches.open(PAGES).then(function (cache) { return cache.put(request.url, copy).then(function () { return trim(cache); }); });
    }
    return response;
  }).catch(function () {
    return caches.match(request.url, { cacheName: PAGES }).then(function (stored) {
      return stored || caches.match(OFFLINE_URL);
    });
  });
}

function staleWhileRevalidate(request) {
  return caches.open(SHELL).then(function (cache) {
    return cache.match(request).then(function (stored) {
      var fresh = fetch(request).then(function (response) {
        if (response.ok && response.type === "basic") { cache.put(request, response.clone()); }
        return response;
      });
      return stored || fresh;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.method !== "GET") {
    if (url.pathname.indexOf("/accounts/logout") === 0) { event.waitUntil(caches.delete(PAGES)); }
    return;
  }
  if (url.pathname.indexOf(STATIC_PREFIX) === 0) {
    event.respondWith(staleWhileRevalidate(request));
  } else if (request.mode === "navigate" && isPublicPage(url)) {
    event.respondWith(networkFirst(request));
  } else if (request.mode === "navigate") {
    // Personal and staff pages: the network only, nothing stored; offline, the offline page.
    event.respondWith(fetch(request).catch(function () { return caches.match(OFFLINE_URL); }));
  }
});
