// The launch page: sign in, join a round's queue, watch the place, buy when admitted.
// Everything it shows comes from the server; the page keeps only the ticket (to poll with) and the idempotency key
// of a payment in progress (so that a reload retries the same payment instead of starting a second one).
"use strict";

const parts = location.pathname.split("/").filter(Boolean);
const round = parts[0] === "launch" && parts[1] && parts[1] !== "index.html"
  ? decodeURIComponent(parts[1])
  : new URLSearchParams(location.search).get("round");
const ticketKey = "dangol.ticket." + round;
const checkoutKey = "dangol.checkout." + round;
const FINAL = new Set(["BOUGHT", "SOLD_OUT"]);

let pollTimer = null;
let purchaseUnit = 10000;
let buyShownFor = null;
let verificationId = null;

const $ = (id) => document.getElementById(id);
const show = (id, visible) => { $(id).hidden = !visible; };
const won = (n) => Number(n).toLocaleString("ko-KR") + "원";

class Problem extends Error {
  constructor(status, body) {
    super((body && body.detail) || "HTTP " + status);
    this.status = status;
    this.code = body && body.code;
  }
}

async function api(method, path, body, headers) {
  const response = await fetch(path, {
    method,
    credentials: "same-origin",
    headers: Object.assign({ "Accept": "application/json" },
      body === undefined ? {} : { "Content-Type": "application/json" }, headers || {}),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) {
    throw new Problem(response.status, json);
  }
  return { status: response.status, body: json };
}

function notice(message) {
  $("notice").textContent = message || "";
  show("notice", Boolean(message));
}

function schedule(fn, seconds) {
  clearTimeout(pollTimer);
  pollTimer = setTimeout(fn, Math.max(1, seconds) * 1000);
  $("next-poll").textContent = "다음 갱신 Next update in " + seconds + " s";
}

function formatWait(low, high) {
  if (low < 0 || high < 0) {
    return "측정 중 · measuring the admission rate…";
  }
  const minutes = (s) => s < 90 ? s + " s" : Math.round(s / 60) + " min";
  return minutes(low) + " – " + minutes(high);
}

const STATE_TEXT = {
  PRE_QUEUE: "오픈 대기 · Waiting for opening: places are drawn at random at opening",
  WAITING: "대기 중 · Waiting",
  ADMITTED: "입장 · Your turn: buy now",
  IN_CHECKOUT: "결제 중 · Paying",
  BOUGHT: "구매 완료 · Bought",
  SOLD_OUT: "매진 · Sold out: the budget is used up",
  CLOSED: "판매 중지 · Sales are paused or closed",
  EXPIRED: "만료 · Your turn lapsed",
  NOT_IN_QUEUE: "대기열 밖 · Not in the queue",
};
const CHANCE_TEXT = {
  LIKELY: "높음 · Likely",
  UNCERTAIN: "불확실 · Uncertain",
  NO_STOCK_LEFT: "없음 · No stock left for you",
};

async function loadRound() {
  try {
    const r = (await api("GET", "/api/v1/rounds/" + encodeURIComponent(round))).body;
    $("round-name").textContent = r.name;
    $("round-facts").textContent = "Opens " + new Date(r.opensAt).toLocaleString() + " · cap " + won(r.perPersonCap)
      + " · " + (r.discountBasisPoints / 100) + "% off";
    const program = (await api("GET", "/api/v1/programs/" + encodeURIComponent(r.programId))).body;
    purchaseUnit = program.purchaseUnit || purchaseUnit;
  } catch (e) {
    notice(e.message);
  }
}

async function start() {
  if (!round) {
    notice("Open this page as /launch/{round id}.");
    return;
  }
  await loadRound();
  let me;
  try {
    me = (await api("GET", "/api/v1/me")).body;
  } catch (e) {
    if (e.status === 401) {
      return showSignIn();
    }
    return notice(e.message);
  }
  $("who").textContent = me.person.name;
  show("signout", true);
  show("signin", false);
  await resumeOrOfferJoin();
}

function showSignIn() {
  clearTimeout(pollTimer);
  ["join-section", "queue", "buy-section", "result-section"].forEach((id) => show(id, false));
  show("signin", true);
  show("signin-start-form", true);
  show("signin-code-form", false);
  show("signout", false);
  $("who").textContent = "";
}

async function resumeOrOfferJoin() {
  const pending = JSON.parse(localStorage.getItem(checkoutKey) || "null");
  if (pending && pending.id) {
    followCheckout(pending.id);
  }
  const ticket = localStorage.getItem(ticketKey);
  if (ticket) {
    return poll();
  }
  try {
    const place = (await api("GET", "/api/v1/rounds/" + encodeURIComponent(round) + "/queue/me")).body;
    localStorage.setItem(ticketKey, place.ticket);
    render(place.status);
  } catch (e) {
    if (e.code === "NOT_IN_QUEUE") {
      show("join-section", true);
      return;
    }
    if (e.status === 401) {
      return showSignIn();
    }
    notice(e.message);
    schedule(resumeOrOfferJoin, 5);
  }
}

async function join() {
  const wanted = $("wanted").value.replace(/[^0-9]/g, "");
  $("join").disabled = true;
  try {
    const place = (await api("POST", "/api/v1/rounds/" + encodeURIComponent(round) + "/queue",
      wanted ? { wanted: Number(wanted) } : {})).body;
    localStorage.setItem(ticketKey, place.ticket);
    show("join-section", false);
    notice(place.rejoined ? "You already had a place: it is kept." : "");
    render(place.status);
  } catch (e) {
    notice(e.message);
  } finally {
    $("join").disabled = false;
  }
}

async function poll() {
  const ticket = localStorage.getItem(ticketKey);
  try {
    const status = (await api("GET", "/api/v1/rounds/" + encodeURIComponent(round) + "/queue/status",
      undefined, { "Dangol-Ticket": ticket })).body;
    render(status);
  } catch (e) {
    if (e.status === 401) {
      return showSignIn();
    }
    if (e.code === "TICKET_INVALID" || e.code === "TICKET_NOT_YOURS" || e.code === "TICKET_MISSING") {
      localStorage.removeItem(ticketKey);
      return resumeOrOfferJoin();
    }
    notice(e.message);
    schedule(poll, 5);
  }
}

function render(status) {
  show("queue", true);
  show("join-section", false);
  $("state").textContent = STATE_TEXT[status.state] || status.state;
  $("state").dataset.state = status.state;
  $("position").textContent = status.position > 0 ? status.position.toLocaleString() : "–";
  $("wait").textContent = status.state === "WAITING" ? formatWait(status.waitLowSeconds, status.waitHighSeconds) : "–";
  $("chance").textContent = CHANCE_TEXT[status.chance] || status.chance;
  if (status.state === "ADMITTED") {
    showBuy(status);
  } else {
    show("buy-section", false);
    buyShownFor = null;
  }
  if (status.state === "BOUGHT") {
    result("구매 완료 · You bought your vouchers: they are in your wallet.");
  } else if (status.state === "SOLD_OUT") {
    result("매진 · Sold out: this round's budget is used up. Nothing was taken from you.");
  } else if (status.state === "EXPIRED") {
    result("Your turn lapsed before you paid, and its budget went to the next person.");
  }
  if (FINAL.has(status.state)) {
    clearTimeout(pollTimer);
    $("next-poll").textContent = "";
  } else {
    schedule(poll, status.pollAfterSeconds || 5);
  }
}

function result(text) {
  show("result-section", true);
  $("result").textContent = text;
}

async function showBuy(status) {
  show("buy-section", true);
  $("hold").textContent = won(status.hold);
  $("hold-expires").textContent = new Date(status.holdExpiresAt).toLocaleTimeString();
  const key = status.hold + "@" + status.holdExpiresAt;
  if (buyShownFor === key) {
    return;
  }
  buyShownFor = key;
  const amount = $("amount");
  amount.innerHTML = "";
  for (let v = status.hold; v >= purchaseUnit; v -= purchaseUnit) {
    amount.add(new Option(won(v), String(v)));
  }
  await loadSources();
}

async function loadSources() {
  const sources = (await api("GET", "/api/v1/me/funding-sources")).body;
  const select = $("source");
  select.innerHTML = "";
  sources.forEach((s) => select.add(new Option(s.label, s.id)));
  $("link-card-box").open = sources.length === 0;
}

async function linkCard() {
  try {
    await api("POST", "/api/v1/me/funding-sources",
      { method: "CARD", cardNumber: $("card-number").value.replace(/[^0-9]/g, "") });
    $("card-number").value = "";
    await loadSources();
    notice("");
  } catch (e) {
    notice(e.message);
  }
}

function newKey() {
  if (window.crypto && crypto.randomUUID) {
    return crypto.randomUUID();
  }
  return "k" + Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
}

async function buy() {
  const faceValue = Number($("amount").value);
  const fundingSourceId = $("source").value;
  if (!fundingSourceId) {
    notice("Link a card or bank account first.");
    return;
  }
  // The same key for the same order survives a reload, so a retry can never pay twice.
  let pending = JSON.parse(localStorage.getItem(checkoutKey) || "null");
  if (!pending || pending.faceValue !== faceValue || pending.fundingSourceId !== fundingSourceId || pending.done) {
    pending = { key: newKey(), faceValue, fundingSourceId };
    localStorage.setItem(checkoutKey, JSON.stringify(pending));
  }
  $("buy").disabled = true;
  try {
    const response = await api("POST", "/api/v1/rounds/" + encodeURIComponent(round) + "/checkouts",
      { faceValue, fundingSourceId }, { "Idempotency-Key": pending.key });
    pending.id = response.body.id;
    localStorage.setItem(checkoutKey, JSON.stringify(pending));
    showCheckout(response.body);
  } catch (e) {
    notice(e.message);
    if (e.status !== 503) {
      localStorage.removeItem(checkoutKey);
    }
  } finally {
    $("buy").disabled = false;
  }
}

async function followCheckout(id) {
  try {
    showCheckout((await api("GET", "/api/v1/checkouts/" + encodeURIComponent(id))).body);
  } catch (e) {
    if (e.status === 404) {
      localStorage.removeItem(checkoutKey);
    }
  }
}

function showCheckout(checkout) {
  result(checkout.message);
  $("result").dataset.status = checkout.status;
  if (checkout.status === "PAYING" || checkout.status === "LATE_APPROVAL") {
    setTimeout(() => followCheckout(checkout.id), 2000);
    return;
  }
  const pending = JSON.parse(localStorage.getItem(checkoutKey) || "null");
  if (pending) {
    pending.done = true;
    localStorage.setItem(checkoutKey, JSON.stringify(pending));
  }
  if (checkout.status === "PAID") {
    show("buy-section", false);
  }
  poll();
}

async function giveUp() {
  try {
    await api("DELETE", "/api/v1/rounds/" + encodeURIComponent(round) + "/queue/admission");
    poll();
  } catch (e) {
    notice(e.message);
  }
}

$("signin-start-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    const started = (await api("POST", "/api/v1/identity/verifications",
      { name: $("signin-name").value.trim(), phone: $("signin-phone").value.trim() })).body;
    verificationId = started.verificationId;
    show("signin-start-form", false);
    show("signin-code-form", true);
    if (started.devCode) {
      $("signin-dev-code").textContent = "개발 모드 인증번호 Development code: " + started.devCode;
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

$("join").addEventListener("click", join);
$("buy").addEventListener("click", buy);
$("give-up").addEventListener("click", giveUp);
$("link-card").addEventListener("click", linkCard);
$("signout").addEventListener("click", async () => {
  try {
    await api("DELETE", "/api/v1/me/session");
  } finally {
    showSignIn();
  }
});

start();
