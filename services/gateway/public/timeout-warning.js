// The GOV.UK timeout warning: a modal dialog shown shortly before an idle session ends, with
// "Stay signed in". It asks the server how long is left (without that counting as activity), so
// work in another tab keeps this one from warning. When the session has ended it says so and leaves
// the page alone: what was typed stays on it, and posting it keeps it through signing in again.
const dialog = document.getElementById("app-timeout-warning");
if (dialog && typeof dialog.showModal === "function") {
  const warnMs = Number(dialog.dataset.warnSeconds) * 1000;
  const title = document.getElementById("app-timeout-title");
  const text = document.getElementById("app-timeout-text");
  const live = document.getElementById("app-timeout-live");
  const stay = document.getElementById("app-timeout-stay");
  const signOut = document.getElementById("app-timeout-sign-out");
  let timer;
  let ticker;
  let endsAt = 0;
  let lastOpener = null;

  const words = (ms) => {
    const s = Math.max(0, Math.ceil(ms / 1000));
    if (s >= 60) {
      const m = Math.ceil(s / 60);
      return `${m} minute${m === 1 ? "" : "s"}`;
    }
    return `${s} second${s === 1 ? "" : "s"}`;
  };

  const status = async (method) => {
    const res = await fetch(method === "POST" ? "/session/keep-alive" : "/session/status", {
      method,
      credentials: "same-origin",
      headers: { accept: "application/json", "content-type": "application/x-www-form-urlencoded" },
      body: method === "POST" ? new URLSearchParams({ _csrf: dialog.dataset.csrf }) : undefined,
    });
    if (!res.ok) return { live: false, secondsLeft: 0 };
    return res.json();
  };

  const schedule = (secondsLeft) => {
    clearTimeout(timer);
    endsAt = Date.now() + secondsLeft * 1000;
    timer = setTimeout(check, Math.max(1000, endsAt - Date.now() - warnMs));
  };

  const signedOut = () => {
    clearInterval(ticker);
    title.textContent = "You have been signed out";
    text.textContent =
      "You were signed out because you had not done anything for a while. What you typed is still on this page: when you save or continue you will be asked to sign in again, and it will be kept.";
    live.textContent = "You have been signed out.";
    stay.textContent = "Close";
    stay.dataset.closes = "true";
    signOut.textContent = "Sign in again";
    signOut.href = "/sign-in";
    if (!dialog.open) open();
  };

  const countdown = () => {
    const left = endsAt - Date.now();
    if (left <= 0) return check();
    const countdownText = document.getElementById("app-timeout-countdown");
    if (countdownText) countdownText.textContent = words(left);
  };

  const open = () => {
    lastOpener = document.activeElement;
    dialog.showModal();
    stay.focus();
  };

  async function check() {
    let s;
    try {
      s = await status("GET");
    } catch {
      return schedule(30); // the server could not be asked; try again shortly
    }
    if (!s.live) return signedOut();
    if (s.secondsLeft * 1000 > warnMs + 1000) {
      if (dialog.open) dialog.close();
      return schedule(s.secondsLeft);
    }
    endsAt = Date.now() + s.secondsLeft * 1000;
    text.innerHTML =
      'For your security, we will sign you out in <strong id="app-timeout-countdown"></strong>. Anything you have typed on this page is kept either way.';
    countdown();
    // Announced once, not every second: a screen reader hears the warning, then the time when asked.
    live.textContent = `You will be signed out in ${words(endsAt - Date.now())}.`;
    clearInterval(ticker);
    ticker = setInterval(countdown, 1000);
    clearTimeout(timer);
    timer = setTimeout(check, Math.max(1000, endsAt - Date.now() + 1000));
    if (!dialog.open) open();
  }

  stay.addEventListener("click", async () => {
    if (stay.dataset.closes) return dialog.close();
    clearInterval(ticker);
    const s = await status("POST").catch(() => ({ live: false }));
    if (!s.live) return signedOut();
    dialog.close();
    live.textContent = "";
    schedule(s.secondsLeft);
  });
  dialog.addEventListener("close", () => {
    if (lastOpener && typeof lastOpener.focus === "function") lastOpener.focus();
  });
  // Escape means "stay signed in" (GOV.UK pattern), not a silent dismissal.
  dialog.addEventListener("cancel", (e) => {
    e.preventDefault();
    stay.click();
  });

  schedule(Number(dialog.dataset.idleSeconds));
}
