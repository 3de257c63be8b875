"use strict";

// The merchant's day: today's payments, live. The page is static; everything comes from the JSON API with the
// session cookie, and a live event only tells the page to read the day list again, so the list is always the server's.

const $ = (id) => document.getElementById(id);
const won = new Intl.NumberFormat("ko-KR");
let merchantId = null;
let verificationId = null;
let events = null;
let reloadTimer = null;

class Problem extends Error {
  constructor(status, body) {
    super((body && body.detail) || (status === 0
      ? "Dangol cannot be reached right now: check your connection."
      : "The request was refused (HTTP " + status + ")."));
    this.status = status;
    this.code = body && body.code;
  }
}

async function api(method, path, body, headers) {
  let response;
  try {
    response = await fetch(path, {
      method,
      credentials: "same-origin",
      cache: "no-store",
      headers: Object.assign({ "Accept": "application/json" },
        body === undefined ? {} : { "Content-Type": "application/json" }, headers || {}),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new Problem(0, null);
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = null;
  }
  if (!response.ok) {
    throw new Problem(response.status, json);
  }
  return json;
}

function notice(message) {
  $("notice").textContent = message || "";
  $("notice").hidden = !message;
}

function newKey() {
  return (crypto.randomUUID && crypto.randomUUID()) || (Date.now() + "-" + Math.random()).replace(".", "");
}

async function start() {
  try {
    const memberships = await api("GET", "/api/v1/merchant-memberships");
    if (!memberships.merchantIds.length) {
      notice("You do not act for any shop yet: ask an operator to link you to yours.");
      return;
    }
    merchantId = memberships.merchantIds[0];
    $("shop").textContent = "가맹점 Shop: " + merchantId;
    $("signin").hidden = true;
    $("today").hidden = false;
    await reload();
    listen();
  } catch (e) {
    if (e.status === 401) {
      $("signin").hidden = false;
      return;
    }
    notice(e.message);
  }
}

async function reload() {
  const day = await api("GET", "/api/v1/merchants/" + encodeURIComponent(merchantId) + "/payments");
  $("total-paid").textContent = won.format(day.paid);
  $("total-cancelled").textContent = won.format(day.cancelled);
  $("total-net").textContent = won.format(day.net);
  $("total-count").textContent = day.count;
  const rows = $("payments");
  rows.replaceChildren();
  for (const p of day.payments.slice().reverse()) {
    const tr = document.createElement("tr");
    if (p.status === "CANCELLED") {
      tr.className = "cancelled";
    }
    const cells = [
      new Date(p.paidAt).toLocaleTimeString("ko-KR", { timeZone: "Asia/Seoul" }),
      won.format(p.amount) + "원",
      p.programId,
      p.status === "CANCELLED" ? "취소됨 Cancelled" : "결제됨 Paid",
    ];
    cells.forEach((text, i) => {
      const td = document.createElement("td");
      td.textContent = text;
      if (i === 1) {
        td.className = "amount";
      }
      tr.appendChild(td);
    });
    const action = document.createElement("td");
    if (p.status === "PAID") {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "secondary";
      button.textContent = "취소 · Cancel";
      button.setAttribute("aria-label", "Cancel the payment of " + won.format(p.amount) + " won");
      button.addEventListener("click", () => cancel(p, button));
      action.appendChild(button);
    }
    tr.appendChild(action);
    rows.appendChild(tr);
  }
}

async function cancel(payment, button) {
  if (!confirm(won.format(payment.amount) + "원 결제를 취소할까요? Cancel this payment? The money goes back to the customer.")) {
    return;
  }
  button.disabled = true;
  try {
    await api("POST", "/api/v1/merchants/" + encodeURIComponent(merchantId) + "/payments/"
      + encodeURIComponent(payment.id) + "/cancel");
    notice("");
    await reload();
  } catch (e) {
    notice(e.message);
    button.disabled = false;
  }
}

async function charge(event) {
  event.preventDefault();
  const form = $("charge-form");
  // One key per attempt kept until it succeeds, so that a retry after a lost answer never charges twice.
  form.dataset.key = form.dataset.key || newKey();
  try {
    const paid = await api("POST", "/api/v1/merchant-payments",
      { merchantId, code: $("charge-code").value.trim(), amount: Number($("charge-amount").value) },
      { "Idempotency-Key": form.dataset.key });
    delete form.dataset.key;
    form.reset();
    notice(won.format(paid.amount) + "원 결제되었습니다 · Paid.");
    await reload();
  } catch (e) {
    if (e.status !== 0 && e.status < 500) {
      delete form.dataset.key;
    }
    notice(e.message);
  }
}

function listen() {
  if (events) {
    events.close();
  }
  events = new EventSource("/api/v1/merchants/" + encodeURIComponent(merchantId) + "/payments/stream");
  const changed = () => {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => reload().catch((e) => notice(e.message)), 200);
  };
  events.addEventListener("hello", () => {
    $("live").textContent = "실시간 연결됨 · Live";
    changed();
  });
  events.addEventListener("payment", changed);
  events.addEventListener("cancellation", changed);
  events.onerror = () => {
    $("live").textContent = "다시 연결 중 · Reconnecting…";
  };
}

$("signin-start-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    const started = await api("POST", "/api/v1/identity/verifications",
      { name: $("signin-name").value.trim(), phone: $("signin-phone").value.trim() });
    verificationId = started.verificationId;
    $("signin-start-form").hidden = true;
    $("signin-code-form").hidden = false;
    if (started.devCode) {
      $("signin-dev-code").textContent = "개발 모드 · Development code: " + started.devCode;
      $("signin-dev-code").hidden = false;
      $("signin-code").value = started.devCode;
    }
    notice("");
  } catch (e) {
    notice(e.message);
  }
});

$("signin-code-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    await api("POST", "/api/v1/identity/verifications/" + encodeURIComponent(verificationId) + "/complete",
      { code: $("signin-code").value.trim() });
    notice("");
    await start();
  } catch (e) {
    notice(e.message);
  }
});

$("charge-form").addEventListener("submit", charge);
start();
