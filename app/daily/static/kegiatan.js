/* Catat kegiatan (app.daily): daily reports written on a phone, with or without a connection.

   - A saved report goes first into IndexedDB ("queue"), with its photo as a Blob and an id made
     on the device (crypto.randomUUID), under the account that loaded the page (data-user);
     written with strict durability, so that closing the browser or restarting the phone loses
     nothing. It shows as "belum terkirim".
   - When there is a connection the queue is sent in the order it was written, one report at a
     time (a Web Lock keeps two tabs from sending at once; the server stores an id once anyway).
     A report the server refuses (date, 24 hours a day, the RHK list...) stays, with the reason,
     until the employee corrects or deletes it; one that could not be sent waits.
   - Reports are only sent when the server's session is the writer's: an ended session (401) or
     another account (a shared phone) leaves the queue as it is until the writer logs in again.
   - The server's data (RHK list, the reports of 30 days and their states) is kept per account
     for offline reading and refreshed whenever the page is online.
   - Logging out from this page warns when reports are still unsent, then clears this account's
     data from the device.
   No inline script or handler (CSP); every text the user or the server wrote is set as text. */
(function () {
  "use strict";

  const root = document.getElementById("kegiatan");
  if (!root) { return; }
  const T = JSON.parse(document.getElementById("kegiatan-texts").textContent);
  const USER = root.dataset.user;
  const WIT = "Asia/Jayapura";
  const SENT_KEPT = 20;   // "sent from this device": the newest ones (the server has them all)
  const $ = (id) => document.getElementById(id);
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (m, key) =>
    (key in values ? String(values[key]) : m));

  /* ---------------------------------------------------------------- IndexedDB */

  let opened = null;
  function database() {
    opened = opened || new Promise((resolve, reject) => {
      const request = indexedDB.open("kinerja-kegiatan", 1);
      request.onupgradeneeded = () => {
        const db = request.result;
        db.createObjectStore("queue", {keyPath: "client_id"}).createIndex("user", "user");
        db.createObjectStore("sent", {keyPath: "client_id"}).createIndex("user", "user");
        db.createObjectStore("data", {keyPath: "user"});
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    return opened;
  }

  async function run(name, mode, work) {
    const db = await database();
    return new Promise((resolve, reject) => {
      // "strict": the write is on disk when the transaction completes (a phone restart).
      const tx = db.transaction(name, mode, mode === "readwrite" ? {durability: "strict"} : {});
      const request = work(tx.objectStore(name));
      let result;
      if (request) { request.onsuccess = () => { result = request.result; }; }
      tx.oncomplete = () => resolve(result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  }
  const put = (name, value) => run(name, "readwrite", (s) => s.put(value));
  const remove = (name, key) => run(name, "readwrite", (s) => s.delete(key));
  const read = (name, key) => run(name, "readonly", (s) => s.get(key));
  const everything = (name) => run(name, "readonly", (s) => s.getAll());
  const byUser = (name, user) => run(name, "readonly", (s) => s.index("user").getAll(user));
  const inOrder = (items) => items.sort((a, b) => a.seq - b.seq ||
                                        a.client_id.localeCompare(b.client_id));

  /* ---------------------------------------------------------------- helpers */

  function newId() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  function todayWit() {
    return new Intl.DateTimeFormat("en-CA", {timeZone: WIT}).format(new Date());
  }

  function dateLabel(iso) {
    const [y, m, d] = iso.split("-").map(Number);
    return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(
      document.documentElement.lang || "id",
      {day: "numeric", month: "long", year: "numeric", timeZone: "UTC"});
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function notice(id, text, kind) {
    const box = $(id);
    box.hidden = !text;
    box.textContent = text || "";
    if (kind) { box.className = `alert alert-${kind} py-2`; }
    return box;
  }

  /* ---------------------------------------------------------------- server data */

  let data = null;   // the last data of this account (from the server or the device)

  async function loadCachedData() {
    const cached = await read("data", USER);
    if (cached) { showData(cached.payload, cached.fetched_at); }
  }

  // Fetch the server's data; returns {status, payload}. Never throws (offline: status 0).
  async function fetchData() {
    let response;
    try {
      response = await fetch(root.dataset.dataUrl, {credentials: "same-origin",
                                                    headers: {Accept: "application/json"},
                                                    cache: "no-store"});
    } catch (error) {
      return {status: 0};
    }
    let payload = null;
    try { payload = await response.json(); } catch (error) { payload = null; }
    if (response.ok && payload && String(payload.user.id) === USER) {
      const fetched = new Date().toISOString();
      await put("data", {user: USER, fetched_at: fetched, payload: payload});
      showData(payload, null);
      document.querySelector("#logout-form input[name=csrf_token]").value = payload.csrf;
    }
    return {status: response.status, payload: payload};
  }

  function showData(payload, fetchedAt) {
    data = payload;
    const date = $("date");
    date.max = payload.today;
    date.min = payload.earliest;
    $("photo-help").textContent = fill(T.photo_help, {
      size: Math.round(payload.photo_max_bytes / 1024 / 1024 * 10) / 10});
    $("data-age").textContent = fetchedAt
      ? fill(T.data_from, {time: new Date(fetchedAt).toLocaleString(
        document.documentElement.lang || "id", {timeZone: WIT})}) : "";
    fillServes();
    renderReports();
  }

  function fillServes() {
    const group = $("serves-group");
    const year = ($("date").value || todayWit()).slice(0, 4);
    const choices = data && data.serves_label ? data.serves[year] || [] : [];
    group.hidden = !choices.length;   // nothing to choose (e.g. no approved SKP that year)
    if (data && data.serves_label) { $("serves-label").textContent = data.serves_label; }
    const select = $("serves");
    const chosen = select.value;
    select.replaceChildren(el("option", null, "–"));
    select.firstChild.value = "";
    for (const choice of choices) {
      const option = el("option", null, choice.label);
      option.value = choice.value;
      select.appendChild(option);
    }
    select.value = chosen;
    if (select.value !== chosen) { select.value = ""; }
  }

  function reportItem(report) {
    const li = el("li", "list-group-item");
    li.dataset.reportId = report.id;
    li.appendChild(el("div", null, report.description));
    const meta = el("div", "report-meta",
                    `${report.date_label} · ${fill(T.minutes, {n: report.duration_minutes})}`);
    const state = el("span", "badge badge-light ml-1", report.state_label);
    state.dataset.state = report.state;
    meta.appendChild(state);
    li.appendChild(meta);
    if (report.review_comment) { li.appendChild(el("div", "report-meta", report.review_comment)); }
    return li;
  }

  function renderReports() {
    const today = $("today");
    const history = $("history");
    today.replaceChildren();
    history.replaceChildren();
    const reports = data ? data.reports : [];
    for (const report of reports) {
      history.appendChild(reportItem(report));
      if (report.date === data.today) { today.appendChild(reportItem(report)); }
    }
    if (!today.children.length) { today.appendChild(el("li", "list-group-item text-muted", T.none_today)); }
    if (!history.children.length) { history.appendChild(el("li", "list-group-item text-muted", T.none)); }
  }

  /* ---------------------------------------------------------------- the queue on screen */

  async function renderQueue() {
    const mine = inOrder(await byUser("queue", USER));
    const list = $("queue");
    list.replaceChildren();
    for (const item of mine) {
      const li = el("li", "list-group-item");
      li.dataset.clientId = item.client_id;
      li.dataset.state = item.state;
      li.appendChild(el("div", null, item.description));
      const meta = el("div", "report-meta",
                      `${dateLabel(item.date)} · ${fill(T.minutes, {n: item.duration_minutes})}`
                      + (item.photo ? ` · ${T.photo_attached}` : ""));
      const badge = el("span", `badge ml-1 ${item.state === "refused" ? "badge-danger" : "badge-warning"}`,
                       item.state === "refused" ? T.refused : T.waiting);
      meta.appendChild(badge);
      li.appendChild(meta);
      if (item.state === "refused") {
        li.appendChild(el("div", "report-error", item.error));
        const edit = el("button", "btn btn-sm btn-outline-primary mt-1 mr-1", T.edit);
        edit.type = "button";
        edit.dataset.edit = item.client_id;
        const drop = el("button", "btn btn-sm btn-outline-danger mt-1", T.delete);
        drop.type = "button";
        drop.dataset.drop = item.client_id;
        li.append(edit, drop);
      }
      list.appendChild(li);
    }
    $("queue-count").textContent = mine.length;
    $("queue-empty").hidden = mine.length > 0;
    const others = (await everything("queue")).filter((item) => item.user !== USER).length;
    const line = $("others-waiting");
    line.hidden = !others;
    line.textContent = others ? fill(T.others_waiting, {count: others}) : "";

    const sent = (await byUser("sent", USER)).sort((a, b) => b.seq - a.seq);
    const done = $("sent");
    done.replaceChildren();
    done.parentElement.hidden = !sent.length;
    for (const entry of sent) {
      const li = reportItem(entry.report);
      li.dataset.clientId = entry.client_id;
      li.classList.add("list-group-item-success");
      done.appendChild(li);
    }
  }

  /* ---------------------------------------------------------------- the form */

  let editing = null;   // the refused report being corrected (keeps its id and photo)

  function problemsOf(form) {
    const limits = data || {today: todayWit(), earliest: null, photo_max_bytes: 5 * 1024 * 1024,
                            day_minutes: 1440};
    const day = form.date.value;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) { return T.need_date; }
    if (day > limits.today && day > todayWit()) { return T.date_future; }
    if (limits.earliest && day < limits.earliest) { return fill(T.date_past, {date: dateLabel(limits.earliest)}); }
    if (!form.description.value.trim()) { return T.need_description; }
    const minutes = Number(form.duration_minutes.value);
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > limits.day_minutes) { return T.bad_duration; }
    const output = form.output_quantity.value;
    if (output !== "" && !(Number(output) >= 0 && Number(output) < 1e10)) { return T.bad_output; }
    const photo = form.photo.files[0];
    if (photo) {
      if (!/\.(jpe?g|png)$/i.test(photo.name)) { return T.photo_type; }
      if (photo.size > limits.photo_max_bytes) {
        return fill(T.photo_size, {size: Math.round(limits.photo_max_bytes / 1024 / 1024 * 10) / 10});
      }
    }
    return null;
  }

  async function save(event) {
    event.preventDefault();
    const form = event.target;
    const problem = problemsOf(form);
    if (problem) { notice("form-notice", problem, "danger"); return; }
    const photo = form.photo.files[0] || null;
    const serves = form.serves.value;
    const item = {
      client_id: editing ? editing.client_id : newId(), user: USER,
      seq: editing ? editing.seq : Date.now(), written_at: new Date().toISOString(),
      date: form.date.value, description: form.description.value.trim(),
      duration_minutes: Number(form.duration_minutes.value),
      output_quantity: form.output_quantity.value, output_unit: form.output_unit.value.trim(),
      serves: serves, state: "waiting", error: "",
      // The photo's bytes themselves, not a reference to a file the phone may move.
      photo: photo ? new Blob([await photo.arrayBuffer()], {type: photo.type}) : (editing ? editing.photo : null),
      photo_name: photo ? photo.name : (editing ? editing.photo_name : null),
    };
    await put("queue", item);
    editing = null;
    const day = form.date.value;
    form.reset();
    form.date.value = day;
    fillServes();
    notice("form-notice", navigator.onLine ? T.saved_sending : T.saved_offline, "success");
    await renderQueue();
    if (navigator.onLine) { sync(); }
  }

  async function onQueueClick(event) {
    const button = event.target.closest("button");
    if (!button) { return; }
    if (button.dataset.drop) {
      await remove("queue", button.dataset.drop);
      await renderQueue();
    } else if (button.dataset.edit) {
      const item = await read("queue", button.dataset.edit);
      if (!item || item.user !== USER) { return; }
      editing = item;
      const form = $("report-form");
      form.date.value = item.date;
      fillServes();
      form.description.value = item.description;
      form.duration_minutes.value = item.duration_minutes;
      form.output_quantity.value = item.output_quantity;
      form.output_unit.value = item.output_unit;
      form.serves.value = item.serves;
      notice("form-notice", item.error, "warning");
      form.scrollIntoView();
      form.description.focus();
    }
  }

  /* ---------------------------------------------------------------- sending */

  let syncing = false;
  let again = false;

  function sync() {
    if (syncing) { again = true; return Promise.resolve(); }
    syncing = true;
    const work = () => sendQueue().catch(() => undefined);
    const locked = navigator.locks ? navigator.locks.request("kegiatan-kirim", work) : work();
    return locked.finally(() => {
      syncing = false;
      if (again) { again = false; sync(); }
    });
  }

  async function sendQueue() {
    const fresh = await fetchData();
    if (fresh.status === 0) { return; }                  // still offline
    if (fresh.status === 401) { sessionEnded(); return; }
    if (fresh.status === 403 || !fresh.payload || String(fresh.payload.user.id) !== USER) {
      notice("session-notice", T.other_account, "warning");
      return;
    }
    notice("session-notice", "");
    let token = fresh.payload.csrf;
    let sentAny = false;
    for (const item of inOrder(await byUser("queue", USER))) {
      if (item.state !== "waiting") { continue; }
      let outcome = await send(item, token);
      if (outcome.csrf) {                                 // a new token, once
        const renewed = await fetchData();
        if (!renewed.payload || !renewed.payload.csrf) { return; }
        token = renewed.payload.csrf;
        outcome = await send(item, token);
      }
      if (outcome.stop) { await renderQueue(); return; }
      sentAny = sentAny || outcome.sent;
      await renderQueue();
    }
    if (sentAny) { await fetchData(); }
  }

  async function send(item, token) {
    const body = new FormData();
    for (const key of ["client_id", "date", "description", "duration_minutes",
                       "output_quantity", "output_unit", "serves"]) {
      body.append(key, item[key] === null || item[key] === undefined ? "" : item[key]);
    }
    if (item.photo) { body.append("photo", item.photo, item.photo_name || "foto.jpg"); }
    let response;
    try {
      response = await fetch(root.dataset.sendUrl, {
        method: "POST", body: body, credentials: "same-origin", cache: "no-store",
        headers: {"X-CSRFToken": token, "X-Kinerja-Owner": USER, Accept: "application/json"}});
    } catch (error) {
      return {stop: true};                                // the connection dropped: wait
    }
    let answer = {};
    try { answer = await response.json(); } catch (error) { answer = {}; }
    if (response.status === 200 || response.status === 201) {
      await put("sent", {client_id: item.client_id, user: USER, seq: Date.now(),
                         report: answer.report});
      const sent = (await byUser("sent", USER)).sort((a, b) => b.seq - a.seq);
      for (const old of sent.slice(SENT_KEPT)) { await remove("sent", old.client_id); }
      await remove("queue", item.client_id);
      if (answer.warnings && answer.warnings.length) {
        notice("form-notice", answer.warnings.join(" "), "warning");
      }
      return {sent: true};
    }
    if (response.status === 401) { sessionEnded(); return {stop: true}; }
    if (response.status === 403) {
      notice("session-notice", answer.error || T.other_account, "warning");
      return {stop: true};
    }
    if (response.status === 400 && answer.csrf) { return {csrf: true}; }
    if (response.status === 429 || response.status >= 500) {
      notice("session-notice", response.status === 429 ? T.rate_limited : T.server_error, "info");
      return {stop: true};                                // try again later
    }
    // Refused by the rules (422), a device id of another report (409), too large (413), a
    // character no field takes (400): the employee corrects or deletes it.
    item.state = "refused";
    item.error = answer.error || T.server_error;
    await put("queue", item);
    return {};
  }

  function sessionEnded() {
    const box = notice("session-notice", T.session_ended + " ", "warning");
    const link = el("a", "alert-link", T.login);
    link.href = root.dataset.loginUrl;
    box.appendChild(link);
  }

  /* ---------------------------------------------------------------- logging out */

  let leaving = false;

  async function forgetThisAccount() {
    for (const store of ["queue", "sent"]) {
      for (const item of await byUser(store, USER)) { await remove(store, item.client_id); }
    }
    await remove("data", USER);
    if (window.caches) {   // the cached page is this account's
      for (const name of await caches.keys()) {
        if (name.startsWith("kegiatan-")) { await caches.delete(name); }
      }
    }
  }

  async function logout(event) {
    if (leaving) { return; }
    event.preventDefault();
    if (!navigator.onLine) { notice("session-notice", T.logout_offline, "warning"); return; }
    const unsent = (await byUser("queue", USER)).length;
    if (unsent) {
      $("logout-warning-text").textContent = fill(T.logout_warning, {count: unsent});
      $("logout-warning").hidden = false;
      return;
    }
    await leave();
  }

  async function leave() {
    leaving = true;
    await forgetThisAccount();
    $("logout-form").submit();
  }

  /* ---------------------------------------------------------------- start */

  function showConnection() {
    const badge = $("connection");
    badge.textContent = navigator.onLine ? badge.dataset.online : badge.dataset.offline;
    badge.className = `badge ${navigator.onLine ? "badge-success" : "badge-secondary"}`;
    badge.dataset.state = navigator.onLine ? "online" : "offline";
  }

  function registerWorker() {
    if (!("serviceWorker" in navigator)) { return; }
    // The first worker taking over a page opened without one is no news; any later one is a
    // new version of the app.
    let controlled = Boolean(navigator.serviceWorker.controller);
    navigator.serviceWorker.addEventListener("controllerchange", () => {
      if (controlled) { $("update-notice").hidden = false; }
      controlled = true;
    });
    navigator.serviceWorker.register(root.dataset.swUrl, {scope: root.dataset.scope})
      .catch(() => undefined);
  }

  async function start() {
    $("date").value = todayWit();
    showConnection();
    $("report-form").addEventListener("submit", save);
    $("date").addEventListener("change", fillServes);
    $("queue").addEventListener("click", onQueueClick);
    $("logout-form").addEventListener("submit", logout);
    $("logout-anyway").addEventListener("click", leave);
    $("logout-cancel").addEventListener("click", () => { $("logout-warning").hidden = true; });
    $("reload").addEventListener("click", () => window.location.reload());
    window.addEventListener("online", () => { showConnection(); sync(); });
    window.addEventListener("offline", showConnection);
    registerWorker();
    await loadCachedData();
    renderReports();
    await renderQueue();
    root.dataset.ready = "1";
    if (navigator.onLine) { await sync(); }
    // A queue that waited (the rate limit, a server error) is tried again; only while
    // something waits, so that an idle open page does not keep the session alive.
    window.setInterval(async () => {
      const waiting = (await byUser("queue", USER)).some((item) => item.state === "waiting");
      if (navigator.onLine && waiting) { sync(); }
    }, 60 * 1000);
  }

  start();
}());
