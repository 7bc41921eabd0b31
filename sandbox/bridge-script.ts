/**
 * The `@forge/bridge` host contract for one hosted Custom UI frame.
 *
 * `@forge/bridge` reads `globalThis.__bridge.callBridge` when its modules load, so this script is
 * inlined at the top of the bundle's index.html, before any bundle script. Operations that need the
 * backend (`invoke`, `getContext`, `fetchProduct`) go to the sandbox server under
 * `/__bridge/<frameId>/...`, where the frame's context is kept server-side (as on a site, a frame
 * cannot choose its own context). Operations on the surrounding page (`submit`, `close`, `refresh`,
 * `enableTheming`, events, flags, navigation, and the frame's content height) go to
 * `window.parent.__forgeHost`, which the host page defines; both are same-origin, so plain function
 * calls work across the frame boundary.
 */
export function bridgeScript(frameId: string): string {
  return `(function () {
  'use strict';
  var frameId = ${JSON.stringify(frameId)};
  var base = '/__bridge/' + encodeURIComponent(frameId) + '/';
  var host = null;
  try { host = window.parent !== window && window.parent.__forgeHost ? window.parent.__forgeHost : null; } catch (e) { host = null; }
  var listeners = {};
  function server(op, payload) {
    return fetch(base + op, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload === undefined ? null : payload)
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) {
          if (body && body.consentRequired && host && typeof host.askConsent === 'function') host.askConsent(frameId);
          var error = new Error((body && body.message) || ('Bridge operation ' + op + ' failed with HTTP ' + response.status));
          error.name = 'BridgeAPIError';
          throw error;
        }
        return body.result;
      });
    });
  }
  function toHost(op, payload, fallback) {
    if (host && typeof host[op] === 'function') return Promise.resolve(host[op](frameId, payload));
    return Promise.resolve(fallback);
  }
  function deliver(event, payload) {
    (listeners[event] || []).slice().forEach(function (callback) {
      try { callback(payload); } catch (e) { console.error('[forge bridge] event listener for ' + event + ' threw', e); }
    });
  }
  if (host && typeof host.registerFrame === 'function') host.registerFrame(frameId, { deliver: deliver });
  window.__forgeFrameId = frameId;
  // Forge sizes a Custom UI frame to its content (iframe-resizer in the real host): the frame
  // reports its document's height whenever it changes, and the host sets the iframe's height.
  if (host && typeof host.resize === 'function') {
    var reported = -1;
    var report = function () {
      var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
      if (Math.abs(height - reported) < 1) return;
      reported = height;
      host.resize(frameId, height);
    };
    var observe = function () {
      report();
      if (typeof ResizeObserver === 'function') {
        var observer = new ResizeObserver(report);
        observer.observe(document.documentElement);
        if (document.body) observer.observe(document.body);
      }
      window.addEventListener('load', report);
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', observe); else observe();
  }
  globalThis.__bridge = {
    callBridge: function (op, payload) {
      switch (op) {
        case 'invoke':
          return server('invoke', payload).then(function (result) {
            return payload && payload.metadata !== undefined ? { body: result, metadata: payload.metadata } : result;
          });
        case 'getContext':
          return server('getContext');
        case 'fetchProduct':
          return server('fetchProduct', payload);
        case 'submit':
        case 'close':
        case 'open':
        case 'onClose':
          return toHost(op, payload, false);
        case 'refresh':
          return toHost('refresh', payload, true);
        case 'navigate':
          if (host && typeof host.navigate === 'function') return Promise.resolve(host.navigate(frameId, payload));
          window.open(payload && payload.url ? payload.url : '/', payload && payload.type === 'new-tab' ? '_blank' : '_top');
          return Promise.resolve(true);
        case 'reload':
          return toHost('reload', payload, true);
        case 'getUrl':
          return Promise.resolve(new URL(typeof payload === 'string' ? payload : (payload && payload.url) || '/', window.location.origin));
        case 'showFlag':
          return toHost('showFlag', payload, true);
        case 'closeFlag':
          return toHost('closeFlag', payload, true);
        case 'on':
        case 'onPublic': {
          var event = payload.event;
          (listeners[event] = listeners[event] || []).push(payload.callback);
          return Promise.resolve({
            unsubscribe: function () {
              listeners[event] = (listeners[event] || []).filter(function (callback) { return callback !== payload.callback; });
            }
          });
        }
        case 'emit':
        case 'emitPublic':
          return toHost('emit', payload, undefined);
        case 'enableTheming':
          return toHost('enableTheming', payload, undefined).then(function () { return undefined; });
        case 'changeWindowTitle':
        case 'emitReadyEvent':
        case 'emitFrontendCustomMetric':
          return Promise.resolve();
        default:
          return Promise.reject(new Error('The local site does not implement the bridge operation "' + op + '"'));
      }
    }
  };
})();`;
}
