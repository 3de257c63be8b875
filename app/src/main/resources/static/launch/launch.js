// The launch page: sign in, join a round's queue, watch the place, buy when admitted.
//
// Everything it shows comes from the server. The place belongs to the signed-in person, so the page keeps nothing it
// could not get back: the ticket (to poll with; after a reload or a new login /queue/me hands out a fresh one) and the
// idempotency key of a payment in progress (so that a reload retries the same payment instead of starting a second).
// Times are counted down against the server's clock (its Date header), not the phone's, which may be wrong.
"use strict";

const parts = location.pathname.split("/").filter(Boolean);
const round = parts[0] === "launch" && parts[1] && parts[1] !== "index.html"
  ? decodeURIComponent(parts[1])
  : new URLSearchParams(location.search).get("round");
const roundPath = "/api/v1/rounds/" + encodeURIComponent(round || "");
const ticketKey = "dangol.ticket." + round;
const checkoutKey = "dangol.checkout." + round;
const largeTextKey = "dangol.largeText";
const FINAL = new Set(["BOUGHT", "SOLD_OUT"]);
const RETRY_SECONDS = 5;
const CHECKOUT_POLL_MS = 2000;
const SEOUL_TIME = { timeZone: "Asia/Seoul" };

let roundInfo = null;
let purchaseUnit = 10000;
let me = null;
let signedIn = false;
let verificationId = null;
let lastStatus = null;
let statusSeenAt = 0;
let buyShownFor = null;
let checkoutShown = null;
let pollTimer = null;
let nextPollAt = 0;
let checkoutTimer = null;
let expiryPollSent = false;
let serverOffsetMs = 0;
let transientNotice = false;

const $ = (id) => document.getElementById(id);
const show = (id, visible) => { $(id).hidden = !visible; };
const won = (n) => Number(n).toLocaleString("ko-KR") + "원";
const serverNow = () => Date.now() + serverOffsetMs;

// ---- talking to the server

/** A refusal or failure, with the server's sentence (problem+json `detail`) or one of our own. */
class Problem extends Error {
  constructor(status, body, retryAfter) {
    super((body && body.detail) || fallbackSentence(status));
    this.status = status;
    this.code = body && body.code;
    this.retryAfter = Number(retryAfter) > 0 ? Number(retryAfter) : RETRY_SECONDS;
  }
}

function fallbackSentence(status) {
  if (status === 0) {
    return "Dangol cannot be reached right now: check your connection. Your place in the queue is kept.";
  }
  if (status >= 500) {
    return "Dangol could not answer just now (HTTP " + status + "). Nothing was changed; this page tries again.";
  }
  return "The request was refused (HTTP " + status + ").";
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
  noteServerTime(response);
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = null; // a proxy's HTML error page, say: the status still tells what happened
  }
  if (!response.ok) {
    throw new Problem(response.status, json, response.headers.get("Retry-After"));
  }
  return { status: response.status, body: json };
}

/** Follows the server's clock when the phone's is off by more than the Date header's own second of slack. */
function noteServerTime(response) {
  const date = Date.parse(response.headers.get("Date") || "");
  if (!Number.isNaN(date)) {
    const offset = date - Date.now();
    serverOffsetMs = Math.abs(offset) > 2000 ? offset : 0;
  }
}

function notice(message, transient) {
  $("notice").textContent = message || "";
  show("notice", Boolean(message));
  transientNotice = Boolean(message) && Boolean(transient);
}

function clearTransientNotice() {
  if (transientNotice) {
    notice("");
  }
}

// ---- formatting

function pad(n) {
  return String(n).padStart(2, "0");
}

/** A countdown: 0:07, 4:59, 1:02:03. */
function countdown(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return (h > 0 ? h + ":" + pad(m) : String(m)) + ":" + pad(s % 60);
}

/** A duration as a person says it: 40 s, 3 min, 1 h 20 min. */
function duration(seconds) {
  if (seconds < 90) {
    return seconds + " s";
  }
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) {
    return minutes + " min";
  }
  return Math.floor(minutes / 60) + " h " + (minutes % 60) + " min";
}

function seoulTime(instant, withDate) {
  const options = withDate
    ? { month: "long", day: "numeric", weekday: "short", hour: "2-digit", minute: "2-digit", second: "2-digit" }
    : { hour: "2-digit", minute: "2-digit", second: "2-digit" };
  return new Date(instant).toLocaleString("ko-KR", Object.assign(options, SEOUL_TIME));
}

function paidFor(faceValue) {
  const discount = roundInfo ? Math.floor(faceValue * roundInfo.discountBasisPoints / 10000) : 0;
  return faceValue - discount;
}

// ---- what each state means to the person

const STATES = {
  PRE_QUEUE: {
    title: "오픈 전 · Before opening",
    detail: () => "You have a place. When the round opens, everyone who joined before then is given a position"
      + " drawn at random, so arriving early gives no head start. Keep this page open or come back: it is your"
      + " place, not this page's.",
  },
  WAITING: {
    title: "대기 중 · Waiting",
    detail: () => "This page updates by itself. You may close it, reload it or sign in again on another phone: your"
      + " place stays yours. Come back before your turn, or it passes to the next person after a grace period.",
  },
  ADMITTED: {
    title: "구매 차례 · Your turn: buy now",
    detail: () => "The amount below is set aside for you, and nobody else can buy it until your time runs out.",
  },
  IN_CHECKOUT: {
    title: "결제 중 · Paying",
    detail: () => "Your payment is being confirmed with the bank or card company. You will never be charged twice.",
  },
  BOUGHT: {
    title: "구매 완료 · Bought",
    detail: () => "You bought your vouchers in this round.",
  },
  SOLD_OUT: {
    title: "매진 · Sold out",
    detail: () => "This round's budget is used up: nothing more can come to anyone waiting. Nothing was taken from"
      + " you.",
  },
  CLOSED: {
    title: "일시 중지 · Sales paused or closed",
    detail: (s) => s.position > 0
      ? "The operator has paused admission. You keep your position, and this page carries on by itself when"
        + " sales resume."
      : "This round is closed: it sells nothing more.",
  },
  EXPIRED: {
    title: "차례 만료 · Your turn lapsed",
    detail: () => "Your turn ended before you paid (or you gave it up, or you were away when it came), and its budget"
      + " went to the next person.",
  },
  NOT_IN_QUEUE: {
    title: "대기열 밖 · Not in the queue",
    detail: () => "You have no place in this round's queue.",
  },
};

const CHANCES = {
  LIKELY: ["높음 · Likely", "What is left covers what the people ahead of you are likely to buy, and your amount."],
  UNCERTAIN: ["불확실 · Uncertain", "It depends on how much the people ahead of you buy and whether holds come back."],
  NO_STOCK_LEFT: ["없음 · No stock left for you", "Even if every hold came back and everyone ahead bought the least"
    + " they can, nothing would be left when your turn came."],
};

// ---- the round

async function loadRound() {
  try {
    roundInfo = (await api("GET", roundPath)).body;
  } catch (e) {
    $("round-name").textContent = "";
    notice(e.status === 404
      ? "There is no round \"" + round + "\". Check the address you were given."
      : e.message);
    return false;
  }
  $("round-name").textContent = roundInfo.name;
  $("round-facts").textContent = "Opens " + seoulTime(roundInfo.opensAt, true) + " (Seoul) · up to "
    + won(roundInfo.perPersonCap) + " a person · " + (roundInfo.discountBasisPoints / 100) + "% off";
  try {
    const program = (await api("GET", "/api/v1/programs/" + encodeURIComponent(roundInfo.programId))).body;
    purchaseUnit = program.purchaseUnit || purchaseUnit;
  } catch (e) {
    // The unit only shapes the amount lists; the server checks every amount anyway.
  }
  $("wanted").placeholder = roundInfo.perPersonCap.toLocaleString("ko-KR");
  $("wanted-hint").textContent = "In steps of " + won(purchaseUnit) + ", at most " + won(roundInfo.perPersonCap)
    + ". Leave it empty for the most you may buy.";
  return true;
}

// ---- signing in and out

async function start() {
  if (!round) {
    notice("Open this page as /launch/{round id}: the address names the round.");
    return;
  }
  if (!roundInfo && !(await loadRound())) {
    return;
  }
  try {
    me = (await api("GET", "/api/v1/me")).body;
  } catch (e) {
    if (e.status === 401) {
      return showSignIn();
    }
    notice(e.message + " Trying again in " + e.retryAfter + " s.", true);
    setTimeout(start, e.retryAfter * 1000);
    return;
  }
  signedIn = true;
  $("who").textContent = me.person.name + " 님";
  show("signout", true);
  show("signin", false);
  await resumeOrOfferJoin();
}

function stopTimers() {
  clearTimeout(pollTimer);
  clearTimeout(checkoutTimer);
  pollTimer = null;
  checkoutTimer = null;
  nextPollAt = 0;
}

function showSignIn(message) {
  signedIn = false;
  me = null;
  lastStatus = null;
  buyShownFor = null;
  checkoutShown = null;
  stopTimers();
  ["join-section", "queue", "buy-section", "result-section", "signout"].forEach((id) => show(id, false));
  show("signin", true);
  show("signin-start-form", true);
  show("signin-code-form", false);
  $("who").textContent = "";
  notice(message || "");
}

async function startVerification(event) {
  event.preventDefault();
  $("signin-start").disabled = true;
  try {
    const started = (await api("POST", "/api/v1/identity/verifications",
      { name: $("signin-name").value.trim(), phone: $("signin-phone").value.trim() })).body;
    verificationId = started.verificationId;
    show("signin-start-form", false);
    show("signin-code-form", true);
    if (started.devCode) {
      $("signin-dev-code").textContent = "개발 모드 · Development code: " + started.devCode
        + ". No text message is sent in development; the code is filled in for you.";
      show("signin-dev-code", true);
      $("signin-code").value = started.devCode;
    } else {
      show("signin-dev-code", false);
      $("signin-code").value = "";
    }
    $("signin-code").focus();
    notice("");
  } catch (e) {
    notice(e.message);
  } finally {
    $("signin-start").disabled = false;
  }
}

async function completeVerification(event) {
  event.preventDefault();
  $("signin-complete").disabled = true;
  try {
    await api("POST", "/api/v1/identity/verifications/" + encodeURIComponent(verificationId) + "/complete",
      { code: $("signin-code").value.trim() });
    notice("");
    await start();
  } catch (e) {
    notice(e.message);
  } finally {
    $("signin-complete").disabled = false;
  }
}

async function signOut() {
  stopTimers();
  try {
    await api("DELETE", "/api/v1/me/session");
  } catch (e) {
    // Signed out on this page either way; the session ends by itself when unused.
  }
  // This device forgets the round; the place itself stays with the person on the server.
  localStorage.removeItem(ticketKey);
  localStorage.removeItem(checkoutKey);
  showSignIn("Signed out. Your place in the queue is kept: sign in again, here or on another device, to see it.");
}

function sessionEnded() {
  showSignIn("Your session has ended. Sign in again: your place in the queue is kept.");
}

// ---- the place

function scheduleNext(fn, seconds) {
  clearTimeout(pollTimer);
  const wait = Math.max(1, seconds);
  nextPollAt = Date.now() + wait * 1000;
  pollTimer = setTimeout(fn, wait * 1000);
  tick();
}

async function resumeOrOfferJoin() {
  if (!signedIn) {
    return;
  }
  const pending = readPending();
  if (pending && !pending.done) {
    if (pending.id) {
      followCheckout(pending.id);
    } else {
      sendCheckout(pending); // the answer never came: the same key asks again, and is never charged twice
    }
  }
  if (localStorage.getItem(ticketKey)) {
    return poll();
  }
  try {
    const place = (await api("GET", roundPath + "/queue/me")).body;
    localStorage.setItem(ticketKey, place.ticket);
    clearTransientNotice();
    render(place.status);
  } catch (e) {
    if (e.code === "NOT_IN_QUEUE") {
      return showJoin();
    }
    if (e.status === 401) {
      return sessionEnded();
    }
    notice(e.message + " Trying again in " + e.retryAfter + " s.", true);
    scheduleNext(resumeOrOfferJoin, e.retryAfter);
  }
}

function showJoin() {
  const phase = roundInfo && roundInfo.phase;
  if (phase === "CLOSED" || phase === "SOLD_OUT") {
    show("queue", true);
    renderState({ state: phase === "SOLD_OUT" ? "SOLD_OUT" : "CLOSED", position: 0 });
    return;
  }
  show("join-section", true);
  show("join-draw", Boolean(roundInfo) && Date.parse(roundInfo.opensAt) > serverNow());
}

async function join() {
  // People write 200,000 or 200000원; anything else is asked again rather than guessed.
  const wanted = $("wanted").value.trim().replace(/[,\s]/g, "").replace(/원$/, "");
  if (wanted && !/^[0-9]+$/.test(wanted)) {
    notice("Give the amount in whole won, such as " + (purchaseUnit * 10).toLocaleString("ko-KR")
      + ", or leave it empty for the most you may buy.");
    return;
  }
  $("join").disabled = true;
  try {
    const place = (await api("POST", roundPath + "/queue", wanted ? { wanted: Number(wanted) } : {})).body;
    localStorage.setItem(ticketKey, place.ticket);
    show("join-section", false);
    notice(place.rejoined ? "You already had a place in this round: it is kept, with the amount you first asked for."
      : "");
    render(place.status);
  } catch (e) {
    if (e.status === 401) {
      return sessionEnded();
    }
    notice(e.message);
  } finally {
    $("join").disabled = false;
  }
}

async function poll() {
  if (!signedIn) {
    return; // a timer or an answer from before signing out
  }
  const ticket = localStorage.getItem(ticketKey);
  if (!ticket) {
    return resumeOrOfferJoin();
  }
  try {
    const status = (await api("GET", roundPath + "/queue/status", undefined, { "Dangol-Ticket": ticket })).body;
    clearTransientNotice();
    render(status);
  } catch (e) {
    if (e.status === 401) {
      return sessionEnded();
    }
    if (e.code === "TICKET_INVALID" || e.code === "TICKET_NOT_YOURS" || e.code === "TICKET_MISSING") {
      localStorage.removeItem(ticketKey);
      return resumeOrOfferJoin();
    }
    notice(e.message + " Trying again in " + e.retryAfter + " s.", true);
    scheduleNext(poll, e.retryAfter);
  }
}

function render(status) {
  if (!signedIn) {
    return; // an answer that arrived after signing out
  }
  lastStatus = status;
  statusSeenAt = Date.now();
  expiryPollSent = false;
  show("join-section", false);
  show("queue", true);
  renderState(status);
  if (status.state === "ADMITTED") {
    showBuy(status);
  } else {
    show("buy-section", false);
    buyShownFor = null;
  }
  if (status.state === "BOUGHT" && !checkoutShown) {
    result("PAID", "결제 완료 · Paid", "You bought your vouchers in this round: they are in your wallet.");
    showWallet();
  } else if (status.state === "SOLD_OUT" && checkoutShown !== "PAID") {
    result("SOLD_OUT", "매진 · Sold out", "This round's budget is used up. Nothing was taken from you.");
  } else if (status.state === "EXPIRED" && checkoutShown !== "PAID") {
    result("EXPIRED", "차례 만료 · Your turn lapsed", STATES.EXPIRED.detail(status));
  }
  if (FINAL.has(status.state)) {
    stopPolling();
  } else {
    scheduleNext(poll, status.pollAfterSeconds || RETRY_SECONDS);
  }
}

function stopPolling() {
  clearTimeout(pollTimer);
  pollTimer = null;
  nextPollAt = 0;
  $("next-poll").textContent = "";
}

function renderState(status) {
  const meaning = STATES[status.state] || { title: status.state, detail: () => "" };
  $("state").textContent = meaning.title;
  $("state").dataset.state = status.state;
  $("state-detail").textContent = meaning.detail(status);
  const waiting = status.state === "WAITING";
  show("position-row", status.position > 0);
  $("position").textContent = status.position > 0 ? status.position.toLocaleString("ko-KR") : "–";
  show("wait-row", waiting);
  if (waiting) {
    renderWait(status.waitLowSeconds, status.waitHighSeconds);
  }
  const chance = CHANCES[status.chance];
  const showChance = Boolean(chance) && ["PRE_QUEUE", "WAITING", "CLOSED"].includes(status.state)
    && !(status.state === "CLOSED" && status.position === 0);
  show("chance-row", showChance);
  if (showChance) {
    $("chance").textContent = chance[0];
    $("chance").dataset.chance = status.chance;
    $("chance-detail").textContent = " " + chance[1];
  }
}

function renderWait(low, high) {
  if (low < 0 || high < 0) {
    $("wait").textContent = "측정 중 · Not measured yet";
    $("wait-detail").textContent = " An estimate appears once admissions have started and their rate is measured:"
      + " Dangol never shows a made-up number.";
    return;
  }
  $("wait").textContent = low === high ? "about " + duration(low) : duration(low) + " – " + duration(high);
  $("wait-detail").textContent = " 8 in 10 people at your place are let in within this range, at the rate"
    + " admissions are going now.";
}

// ---- buying

async function showBuy(status) {
  show("buy-section", true);
  $("hold").textContent = won(status.hold);
  $("hold-expires").textContent = seoulTime(status.holdExpiresAt, false);
  tick();
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
  showPrice();
  await loadSources();
}

function showPrice() {
  const faceValue = Number($("amount").value);
  if (!faceValue || !roundInfo) {
    $("price").textContent = "";
    return;
  }
  $("price").textContent = "You pay " + won(paidFor(faceValue)) + " for " + won(faceValue) + " of vouchers ("
    + (roundInfo.discountBasisPoints / 100) + "% off).";
}

async function loadSources(selectId) {
  let sources;
  try {
    sources = (await api("GET", "/api/v1/me/funding-sources")).body;
  } catch (e) {
    if (e.status === 401) {
      return sessionEnded();
    }
    notice(e.message);
    return;
  }
  const select = $("source");
  select.innerHTML = "";
  if (sources.length === 0) {
    select.add(new Option("등록된 결제수단 없음 · None linked yet", ""));
  }
  sources.forEach((s) => select.add(new Option(s.label, s.id)));
  if (selectId) {
    select.value = selectId;
  }
  show("no-source", sources.length === 0);
  $("link-box").open = sources.length === 0;
}

async function link(body, field) {
  try {
    const linked = (await api("POST", "/api/v1/me/funding-sources", body)).body;
    $(field).value = "";
    notice("");
    await loadSources(linked.id);
    $("link-box").open = false;
  } catch (e) {
    if (e.status === 401) {
      return sessionEnded();
    }
    notice(e.message);
  }
}

function linkCard() {
  return link({ method: "CARD", cardNumber: $("card-number").value.replace(/[^0-9]/g, "") }, "card-number");
}

function linkAccount() {
  return link({
    method: "BANK_ACCOUNT",
    bankCode: $("bank-code").value,
    accountNumber: $("account-number").value.trim(),
  }, "account-number");
}

function newKey() {
  if (window.crypto && crypto.randomUUID) {
    return crypto.randomUUID();
  }
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function readPending() {
  try {
    return JSON.parse(localStorage.getItem(checkoutKey) || "null");
  } catch (e) {
    return null;
  }
}

function savePending(pending) {
  localStorage.setItem(checkoutKey, JSON.stringify(pending));
}

async function buy() {
  const faceValue = Number($("amount").value);
  const fundingSourceId = $("source").value;
  if (!fundingSourceId) {
    notice("Link a card or bank account first: open \"Link a card or account\" above the Pay button.");
    $("link-box").open = true;
    return;
  }
  // The same key for the same order survives a reload, so a retry can never pay twice.
  let pending = readPending();
  if (!pending || pending.done || pending.faceValue !== faceValue || pending.fundingSourceId !== fundingSourceId) {
    pending = { key: newKey(), faceValue, fundingSourceId };
    savePending(pending);
  }
  await sendCheckout(pending);
}

async function sendCheckout(pending) {
  $("buy").disabled = true;
  result("PAYING", "결제 요청 중 · Sending your payment", "Do not close this page until the result shows; if you do,"
    + " come back: the payment is never made twice.");
  try {
    const response = await api("POST", roundPath + "/checkouts",
      { faceValue: pending.faceValue, fundingSourceId: pending.fundingSourceId },
      { "Idempotency-Key": pending.key });
    pending.id = response.body.id;
    savePending(pending);
    showCheckout(response.body);
  } catch (e) {
    if (e.status === 401) {
      return sessionEnded();
    }
    if (e.status >= 400 && e.status < 500) {
      // Refused, and nothing happened: the next try is a new order with a new key.
      localStorage.removeItem(checkoutKey);
      show("result-section", false);
      checkoutShown = null;
      notice(e.message);
      poll();
    } else {
      // No answer: the payment may or may not have started, so the same key is kept for the retry.
      result("PAYING", "응답 없음 · No answer yet", e.message + " Press Pay again to ask once more: the payment"
        + " is never made twice.");
    }
  } finally {
    $("buy").disabled = false;
  }
}

async function followCheckout(id) {
  clearTimeout(checkoutTimer);
  try {
    showCheckout((await api("GET", "/api/v1/checkouts/" + encodeURIComponent(id))).body);
  } catch (e) {
    if (e.status === 404) {
      localStorage.removeItem(checkoutKey);
    } else if (e.status === 401) {
      sessionEnded();
    } else {
      checkoutTimer = setTimeout(() => followCheckout(id), CHECKOUT_POLL_MS);
    }
  }
}

const CHECKOUT_TITLES = {
  PAYING: "결제 확인 중 · Confirming your payment",
  PAID: "결제 완료 · Paid",
  DECLINED: "결제 실패 · Payment did not go through",
  LATE_APPROVAL: "처리 중 · Approved late",
  REFUNDED: "환불 완료 · Refunded",
};

function showCheckout(checkout) {
  if (!signedIn) {
    return;
  }
  checkoutShown = checkout.status;
  const detail = checkout.status === "PAID"
    ? won(checkout.faceValue) + " of vouchers are in your wallet; you paid " + won(paidFor(checkout.faceValue)) + "."
    : checkout.message;
  result(checkout.status, CHECKOUT_TITLES[checkout.status] || checkout.status, detail);
  if (checkout.status === "PAYING" || checkout.status === "LATE_APPROVAL") {
    checkoutTimer = setTimeout(() => followCheckout(checkout.id), CHECKOUT_POLL_MS);
    return;
  }
  const pending = readPending();
  if (pending) {
    pending.done = true;
    savePending(pending);
  }
  if (checkout.status === "PAID") {
    show("buy-section", false);
    showWallet();
  }
  poll();
}

async function showWallet() {
  if (!me || !roundInfo) {
    return;
  }
  try {
    const wallet = (await api("GET", "/api/v1/citizens/" + encodeURIComponent(me.person.id) + "/wallets/"
      + encodeURIComponent(roundInfo.programId))).body;
    $("wallet-line").textContent = "지갑 · Your wallet now holds " + won(wallet.balance) + " of these vouchers.";
    show("wallet-line", true);
  } catch (e) {
    show("wallet-line", false); // the result stands without it
  }
}

async function giveUp() {
  if (!window.confirm("Give your turn up? The amount set aside for you goes to the next person at once.")) {
    return;
  }
  try {
    await api("DELETE", roundPath + "/queue/admission");
    poll();
  } catch (e) {
    if (e.status === 401) {
      return sessionEnded();
    }
    notice(e.message);
  }
}

function result(status, title, detail) {
  show("result-section", true);
  $("result").textContent = title;
  $("result").dataset.status = status;
  $("result-detail").textContent = detail || "";
  if (status !== "PAID") {
    show("wallet-line", false);
  }
}

// ---- every second: the countdowns

function tick() {
  const opening = $("round-opening");
  if (roundInfo) {
    const untilOpen = (Date.parse(roundInfo.opensAt) - serverNow()) / 1000;
    opening.hidden = false;
    opening.textContent = untilOpen > 0 ? "오픈까지 · Opens in " + countdown(untilOpen) : "판매 중 · Open now";
    if (untilOpen <= 0 && roundInfo.phase === "UPCOMING") {
      roundInfo.phase = "SELLING";
      show("join-draw", false);
    }
  }
  if (lastStatus && lastStatus.state === "ADMITTED" && lastStatus.holdExpiresAt) {
    const left = (Date.parse(lastStatus.holdExpiresAt) - serverNow()) / 1000;
    $("hold-left").textContent = countdown(left);
    $("hold-left").classList.toggle("urgent", left < 60);
    if (left <= 0 && !expiryPollSent) {
      expiryPollSent = true;
      poll();
    }
  }
  if (nextPollAt > 0) {
    const seconds = Math.max(0, Math.ceil((nextPollAt - Date.now()) / 1000));
    $("next-poll").textContent = "갱신 · Updated " + seoulTime(statusSeenAt || Date.now(), false)
      + " · next update in " + seconds + " s";
  }
}

// ---- large text (KWCAG: text that can be enlarged)

function applyLargeText(on) {
  document.documentElement.classList.toggle("large", on);
  $("large-text").setAttribute("aria-pressed", String(on));
}

$("large-text").addEventListener("click", () => {
  const on = !document.documentElement.classList.contains("large");
  localStorage.setItem(largeTextKey, on ? "1" : "0");
  applyLargeText(on);
});
applyLargeText(localStorage.getItem(largeTextKey) === "1");

$("signin-start-form").addEventListener("submit", startVerification);
$("signin-code-form").addEventListener("submit", completeVerification);
$("signin-back").addEventListener("click", () => {
  show("signin-code-form", false);
  show("signin-start-form", true);
});
$("join").addEventListener("click", join);
$("amount").addEventListener("change", showPrice);
$("buy").addEventListener("click", buy);
$("give-up").addEventListener("click", giveUp);
$("link-card").addEventListener("click", linkCard);
$("link-account").addEventListener("click", linkAccount);
$("signout").addEventListener("click", signOut);
setInterval(tick, 1000);

start();
