// What every Crossfold page shares: the API token (only ever in the Authorization header), API calls,
// report links fetched with that header, server-sent events followed with single-use tickets, and the
// number formats. Loaded before the page's own script.
"use strict";

const crossfold = (() => {
  const state = { token: localStorage.getItem("crossfold-token") || "" };

  function headers(extra) {
    const h = Object.assign({}, extra);
    if (state.token) h["Authorization"] = "Bearer " + state.token;
    return h;
  }

  // After the event stream was lost and followed again (coordinator restarted or moved), "connected" says so.
  let reconnectedAt = null;
  function setConnection(text) {
    document.getElementById("connection").textContent =
      text === "connected" && reconnectedAt ? "connected (reconnected at " + reconnectedAt + ")" : text;
  }

  // The response of an API call; a 401 shows the token form, another error throws with the problem's detail.
  async function call(path, options) {
    const response = await fetch(path, Object.assign({}, options, { headers: headers((options || {}).headers) }));
    if (response.status === 401) {
      document.getElementById("token-form").hidden = false;
      setConnection("this coordinator needs an API token");
      throw new Error("unauthorized");
    }
    if (!response.ok) {
      const problem = await response.json().catch(() => null);
      throw Object.assign(new Error(problem && problem.detail || response.statusText), { problem });
    }
    return response;
  }

  async function api(path, options) {
    const response = await call(path, options);
    return response.status === 204 ? null : response.json();
  }

  function reportUrl(id, format) { return "/api/sweeps/" + encodeURIComponent(id) + "/report?format=" + format; }

  // Opens a report (HTML) in a new tab or downloads it (other formats), fetched with the Authorization header.
  // The tab is opened at the click, before the fetch, so no popup blocker mistakes it for an unasked popup.
  async function openReport(event) {
    event.preventDefault();
    const link = event.currentTarget;
    const html = link.dataset.format === "html";
    const tab = html ? window.open("about:blank", "_blank") : null;
    try {
      const blob = await (await call(link.getAttribute("href"))).blob();
      const url = URL.createObjectURL(blob);
      if (tab) tab.location.href = url;
      else Object.assign(document.createElement("a"), { href: url, download: link.dataset.file }).click();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
    } catch (e) {
      if (tab) tab.close();
      if (e.message !== "unauthorized") setConnection("report: " + e.message);
    }
  }

  function reportLink(link, id, format, file) {
    link.href = reportUrl(id, format);
    link.dataset.format = format;
    link.dataset.file = id + "-" + file;
    link.onclick = openReport;
  }

  // Follows a server-sent event stream (path without query) with a fresh ticket, calling onEvent(name, data)
  // for each named event. A ticket works once, so EventSource's own reconnection (same URL) would be
  // refused: on any error the stream is closed and followed again with a new ticket, after 1 s, then twice as
  // long each time up to 30 s. A new EventSource cannot send Last-Event-ID, so the id of the last event seen
  // goes in the query (lastEventId): the coordinator sends exactly what was missed, or a fresh snapshot.
  // finalName names the event after which a stream has nothing more to say (a sweep's sweep-finished): no reconnecting then.
  function follow(path, names, onEvent, finalName) {
    let source = null, retry = null, lost = false, ended = false, lastEventId = "", pause = 1000;
    async function open() {
      if (source) source.close();
      source = null;
      try {
        const { ticket } = await api("/api/tickets", { method: "POST" });
        const events = new EventSource(path + "?ticket=" + encodeURIComponent(ticket) +
          (lastEventId ? "&lastEventId=" + encodeURIComponent(lastEventId) : ""));
        for (const name of names) events.addEventListener(name, e => {
          if (e.lastEventId) lastEventId = e.lastEventId;
          if (name === finalName) ended = true;
          onEvent(name, e.data ? JSON.parse(e.data) : null);
        });
        // The stream's state on the page itself (body data-events), for whoever needs to know it is live.
        events.onopen = () => {
          document.body.dataset.events = "open";
          pause = 1000;
          if (lost) { lost = false; reconnectedAt = new Date().toLocaleTimeString(); setConnection("connected"); }
        };
        events.onerror = () => {
          events.close();
          document.body.dataset.events = ended ? "ended" : "closed";
          if (!ended) { lost = true; again(); }
        };
        source = events;
      } catch (e) {
        if (e.message !== "unauthorized") again();
      }
    }
    function again() {
      setConnection("reconnecting…");
      if (retry) return;
      retry = setTimeout(() => { retry = null; open(); }, pause);
      pause = Math.min(pause * 2, 30000);
    }
    open();
    // A restart (a new token) starts over from a fresh snapshot.
    return { restart: () => { lastEventId = ""; ended = false; open(); } };
  }

  // The token form: a new token is kept in local storage and the page starts over with it.
  function onToken(restart) {
    document.getElementById("token-form").addEventListener("submit", event => {
      event.preventDefault();
      state.token = document.getElementById("token").value.trim();
      localStorage.setItem("crossfold-token", state.token);
      document.getElementById("token-form").hidden = true;
      restart();
    });
  }

  function percent(x) { return x == null || Number.isNaN(x) ? "–" : (x * 100).toFixed(2) + " %"; }

  function duration(seconds) {
    if (seconds == null) return "–";
    const s = Math.round(seconds);
    if (s >= 3600) return Math.floor(s / 3600) + " h " + String(Math.floor(s % 3600 / 60)).padStart(2, "0") + " min";
    if (s >= 60) return Math.floor(s / 60) + " min " + String(s % 60).padStart(2, "0") + " s";
    return s + " s";
  }

  function cell(row, text, className) {
    const td = row.insertCell();
    td.textContent = text;
    if (className) td.className = className;
    return td;
  }

  return { call, api, reportLink, follow, onToken, setConnection, percent, duration, cell };
})();
