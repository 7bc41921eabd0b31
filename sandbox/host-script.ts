import { createHash } from 'node:crypto';

/**
 * The product side of the bridge, loaded by every local-site page that shows Custom UI frames
 * (served at /__local/host.js). Frames call it through `window.parent.__forgeHost` (see
 * bridge-script.ts). What `submit`, `close` and `refresh` do depends on where the frame sits, as
 * on a site: a macro config panel saves the macro's config and closes, an issue panel's refresh
 * reloads the issue view around it, a view that cannot be submitted answers false (which
 * @forge/bridge turns into "this resource's view is not submittable"). Frames are sized to the
 * content height they report, and those that enable theming get the page's light or dark theme.
 */
export const HOST_SCRIPT = `(function () {
  'use strict';
  var frames = {};
  function frameElement(frameId) {
    return document.querySelector('iframe[data-frame-id="' + frameId + '"]');
  }
  function flag(title, description, type) {
    var box = document.getElementById('flags');
    if (!box) { box = document.createElement('div'); box.id = 'flags'; document.body.appendChild(box); }
    var item = document.createElement('div');
    item.className = 'flag flag-' + (type || 'info');
    item.setAttribute('role', 'status');
    var strong = document.createElement('strong');
    strong.textContent = title || '';
    item.appendChild(strong);
    if (description) { var p = document.createElement('div'); p.textContent = description; item.appendChild(p); }
    box.appendChild(item);
    setTimeout(function () { item.remove(); }, 8000);
  }
  /**
   * Re-renders the parts of the page marked data-refreshable, leaving the frames running. The page
   * names where it is read from (data-refresh-url): a page shown as the answer to a form post
   * (a transition, an edit) has the form's address, not the issue's.
   */
  function softRefresh() {
    var source = document.querySelector('[data-refresh-url]');
    var url = source ? source.getAttribute('data-refresh-url') : window.location.href;
    return fetch(url, { credentials: 'same-origin' }).then(function (response) { return response.text(); }).then(function (text) {
      var next = new DOMParser().parseFromString(text, 'text/html');
      document.querySelectorAll('[data-refreshable]').forEach(function (current) {
        var replacement = next.getElementById(current.id);
        if (replacement) current.innerHTML = replacement.innerHTML;
      });
      document.dispatchEvent(new CustomEvent('local-site:refreshed'));
      return true;
    });
  }
  function postJson(url, body) {
    return fetch(url, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (response) { return response.json().then(function (json) { if (!response.ok) throw new Error(json.message || ('HTTP ' + response.status)); return json; }); });
  }
  /** Frames that called view.theme.enable(): they follow the page's colour mode. */
  var themed = {};
  function colorMode() {
    return document.documentElement.getAttribute('data-color-mode') === 'dark' ? 'dark' : 'light';
  }
  /** What a Forge host does for a themed frame: Atlassian's token CSS and the colour mode on <html>. */
  function applyTheme(frameId) {
    var el = frameElement(frameId);
    var doc = el && el.contentDocument;
    if (!doc || !doc.documentElement) return;
    if (!doc.getElementById('forge-theme-tokens') && doc.head) {
      var link = doc.createElement('link');
      link.id = 'forge-theme-tokens';
      link.rel = 'stylesheet';
      link.href = '/__local/theme/tokens.css';
      doc.head.appendChild(link);
    }
    doc.documentElement.setAttribute('data-theme', 'dark:dark light:light');
    doc.documentElement.setAttribute('data-color-mode', colorMode());
  }
  window.__forgeHost = {
    registerFrame: function (frameId, handle) { frames[frameId] = handle; },
    /** The frame's content height, reported by its bridge script: the frame takes exactly that. */
    resize: function (frameId, height) {
      var el = frameElement(frameId);
      if (el && typeof height === 'number' && height > 0) el.style.height = height + 'px';
    },
    enableTheming: function (frameId) {
      themed[frameId] = true;
      applyTheme(frameId);
      return true;
    },
    /** The header's theme switch: every themed frame follows, as open apps do in Jira. */
    setColorMode: function (mode) {
      document.documentElement.setAttribute('data-color-mode', mode === 'dark' ? 'dark' : 'light');
      Object.keys(themed).forEach(applyTheme);
    },
    submit: function (frameId, payload) {
      var el = frameElement(frameId);
      var role = el && el.getAttribute('data-on-submit');
      if (role === 'macro-config') {
        var config = payload && typeof payload === 'object' && 'config' in payload ? payload.config : payload;
        return postJson('/__local/macro-config', { pageId: el.getAttribute('data-page-id'), localId: el.getAttribute('data-local-id'), config: config })
          .then(function () {
            if (payload && payload.keepEditing) return true;
            // Closing the panel: back to the page without ?configure, so the view shows the new config.
            window.location.assign(window.location.pathname);
            return true;
          });
      }
      return false;
    },
    close: function (frameId) {
      var el = frameElement(frameId);
      var closable = el && el.closest('[data-closable]');
      if (!closable) return false;
      closable.remove();
      return true;
    },
    open: function () { return false; },
    onClose: function () { return true; },
    refresh: function (frameId) {
      var el = frameElement(frameId);
      if (el && el.getAttribute('data-refresh') === 'page') { window.location.reload(); return true; }
      return softRefresh();
    },
    reload: function () { window.location.reload(); return true; },
    navigate: function (_frameId, location) {
      var url = location && (location.url || location.target) ? (location.url || location.target) : '/';
      if (location && location.type === 'new-tab') window.open(url, '_blank'); else window.location.href = url;
      return true;
    },
    showFlag: function (_frameId, options) {
      flag(options && options.title, options && options.description, options && options.type);
      return { id: options && options.id };
    },
    closeFlag: function () { return true; },
    // Forge's consent prompt, for a resolver that needed the user's grant (NeedsAuthenticationError).
    askConsent: function (frameId) {
      var el = frameElement(frameId);
      if (!el || (el.previousElementSibling && el.previousElementSibling.getAttribute('data-testid') === 'consent-prompt')) return true;
      var prompt = document.createElement('div');
      prompt.className = 'flag flag-warning';
      prompt.setAttribute('role', 'alert');
      prompt.setAttribute('data-testid', 'consent-prompt');
      var text = document.createElement('p');
      text.textContent = 'This app needs your permission to access Jira and Confluence on your behalf.';
      var allow = document.createElement('button');
      allow.type = 'button';
      allow.textContent = 'Allow access';
      allow.addEventListener('click', function () {
        postJson('/__local/consent', { granted: true }).then(function () { window.location.reload(); });
      });
      prompt.appendChild(text);
      prompt.appendChild(allow);
      el.parentNode.insertBefore(prompt, el);
      return true;
    },
    emit: function (fromFrameId, message) {
      Object.keys(frames).forEach(function (id) {
        if (id !== fromFrameId) frames[id].deliver(message.event, message.payload);
      });
    }
  };
  window.__localSite = { flag: flag, softRefresh: softRefresh };
})();`;

/**
 * Where pages load the host script: the address changes with the script, so browsers may keep it
 * (it is parser-blocking in every page's head, ahead of the frames).
 */
export const HOST_SCRIPT_URL = `/__local/host.js?v=${createHash('sha256').update(HOST_SCRIPT).digest('hex').slice(0, 12)}`;
