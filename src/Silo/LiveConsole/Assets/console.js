// Fraud.Orleans live console: polls the silo's API with the keys its user entered (kept in this tab's
// sessionStorage only) and draws the figures on canvases by hand: no library, no build step, no CDN.
// Everything from the API is shown through textContent, never as markup.
"use strict";

(() => {
  const FIGURES_EVERY_MS = 1000;
  const QUEUE_EVERY_MS = 2000;
  const SILO_EVERY_TICKS = 5;
  const WINDOW_SECONDS = 120; // the charts show up to the last two minutes
  const MIX_SECONDS = 5; // the decision mix of a few seconds: a second holds only a handful of reviews and blocks
  const QUEUE_LIMIT = 20;
  const DETAIL_FETCHES = 2; // case details fetched at once: the analyst key has its own rate limit
  const COLORS = { approve: "#3f8f5f", review: "#d08c1a", block: "#c23b3b", p50: "#2f6db5", p99: "#8a3fb5", rate: "#2f6db5" };

  const byId = (id) => document.getElementById(id);
  const storage = window.sessionStorage;
  const keys = { operator: storage.getItem("fraud.operatorKey") || "", analyst: storage.getItem("fraud.analystKey") || "" };

  const figures = { previous: null, samples: [], decided: 0, ticks: 0, timer: 0 };
  const queue = { timer: 0, shown: new Map(), details: new Map(), wanted: [], fetching: 0, labelled: new Set(), generation: 0 };

  class ApiError extends Error {
    constructor(status, detail) {
      super(`${status}${detail ? " " + detail : ""}`);
      this.status = status;
    }
  }

  async function api(key, path, init) {
    const response = await fetch(path, {
      ...init,
      cache: "no-store",
      headers: { Authorization: `Bearer ${key}`, Accept: "application/json", ...(init && init.headers) },
    });
    if (!response.ok) {
      let detail = response.statusText;
      try {
        const problem = await response.json();
        detail = problem.detail || problem.title || detail;
      } catch {
        // not a problem document: the status text says enough
      }
      throw new ApiError(response.status, detail);
    }
    return response.json();
  }

  // ---- figures -------------------------------------------------------------------------------------------------

  // The latency at quantile q of a bucketed histogram (upper bounds, one extra bucket above the last), interpolated
  // linearly inside its bucket as Prometheus' histogram_quantile does; null without measurements.
  function quantile(bounds, counts, q) {
    const total = counts.reduce((a, b) => a + b, 0);
    if (total === 0) return null;
    const rank = q * total;
    let below = 0;
    for (let i = 0; i < counts.length; i++) {
      const count = counts[i];
      if (count > 0 && below + count >= rank) {
        if (i >= bounds.length) return bounds[bounds.length - 1];
        const lower = i === 0 ? 0 : bounds[i - 1];
        return lower + (bounds[i] - lower) * ((rank - below) / count);
      }
      below += count;
    }
    return bounds[bounds.length - 1];
  }

  function sample(previous, current) {
    const seconds = (current.atMs - previous.atMs) / 1000;
    if (seconds <= 0) return null;
    const delta = (kind) => current.decided[kind] - previous.decided[kind];
    const approve = delta("approve"), review = delta("review"), block = delta("block");
    const total = approve + review + block;
    const counts = current.latencyMs.counts.map((c, i) => c - previous.latencyMs.counts[i]);
    const bounds = current.latencyMs.bounds;
    return {
      at: current.atMs,
      rate: total / seconds,
      p50: quantile(bounds, counts, 0.5),
      p99: quantile(bounds, counts, 0.99),
      counts: { total, review, block },
    };
  }

  // The newest sample's mix: the shares of review and block over the samples of the last MIX_SECONDS.
  function mix(samples) {
    const newest = samples[samples.length - 1];
    const recent = samples.filter((s) => newest.at - s.at < MIX_SECONDS * 1000);
    const sum = (kind) => recent.reduce((a, s) => a + s.counts[kind], 0);
    const total = sum("total");
    newest.review = total ? (100 * sum("review")) / total : null;
    newest.block = total ? (100 * sum("block")) / total : null;
  }

  async function pollFigures() {
    const generation = queue.generation;
    try {
      const current = await api(keys.operator, "/v1/figures");
      if (generation !== queue.generation) return;
      if (figures.previous) {
        const next = sample(figures.previous, current);
        if (next) {
          figures.samples.push(next);
          mix(figures.samples);
          while (next.at - figures.samples[0].at > WINDOW_SECONDS * 1000) figures.samples.shift();
        }
      }
      figures.previous = current;
      const d = current.decided;
      figures.decided = d.approve + d.review + d.block;
      drawFigures();
      if (figures.ticks++ % SILO_EVERY_TICKS === 0) await pollSilo();
    } catch (error) {
      byId("silo").textContent = `figures: ${error.message}`;
      byId("silo").className = "problem";
    }
    if (generation === queue.generation) figures.timer = window.setTimeout(pollFigures, FIGURES_EVERY_MS);
  }

  async function pollSilo() {
    const silo = await api(keys.operator, "/v1/silo");
    byId("silo").className = "muted";
    byId("silo").textContent =
      `silo ${silo.silo} · ${number(silo.activeCards)} active cards · partitions [${silo.ownedPartitions.join(", ")}] · ` +
      `${number(silo.consumed)} consumed · ${number(silo.deadLettered)} dead-lettered`;
  }

  function drawFigures() {
    const samples = figures.samples;
    const last = samples[samples.length - 1];
    const throughput = byId("throughput-chart");
    chart(throughput, samples, [{ key: "rate", color: COLORS.rate, label: "decisions/s" }], { unit: "/s" });
    chart(byId("latency-chart"), samples, [
      { key: "p50", color: COLORS.p50, label: "p50" },
      { key: "p99", color: COLORS.p99, label: "p99" },
    ], { unit: " ms" });
    // Approvals are nearly all decisions: drawn to 100% they would hide the rest, so the chart stacks the other two.
    chart(byId("mix-chart"), samples, [
      { key: "block", color: COLORS.block, label: "block" },
      { key: "review", color: COLORS.review, label: "review" },
    ], { unit: "%", stacked: true });
    throughput.dataset.decided = String(figures.decided);

    const d = figures.previous.decided;
    byId("throughput-now").textContent = last ? `${number(Math.round(last.rate))}/s · ${number(figures.decided)} decided` : `${number(figures.decided)} decided`;
    byId("latency-now").textContent = last && last.p50 !== null ? `p50 ${ms(last.p50)} · p99 ${ms(last.p99)}` : "no decisions in the last second";
    const share = (count) => (figures.decided ? `${((100 * count) / figures.decided).toFixed(2)}%` : "–");
    byId("mix-now").textContent = `review ${number(d.review)} (${share(d.review)}) · block ${number(d.block)} (${share(d.block)})`;
  }

  // A time-series chart of the samples' series on a canvas sized to its box; stacked series fill areas.
  function chart(canvas, samples, series, options) {
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth, height = canvas.clientHeight;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    const g = canvas.getContext("2d");
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    g.font = "11px system-ui, sans-serif";

    const pad = { left: 48, right: 10, top: 18, bottom: 20 };
    const plotW = width - pad.left - pad.right, plotH = height - pad.top - pad.bottom;
    const heights = samples.map((s) => series.map((x) => s[x.key] || 0));
    const highest = Math.max(0, ...heights.map((h) => (options.stacked ? h.reduce((a, b) => a + b, 0) : Math.max(...h))));
    const top = niceCeiling(highest);
    const y = (value) => pad.top + plotH - (value / top) * plotH;
    const now = samples.length ? samples[samples.length - 1].at : 0;
    // The time axis spans what there is, in steps of 30 s up to the whole window, so a fresh page fills its charts.
    const span = samples.length ? (now - samples[0].at) / 1000 : 0;
    const axisSeconds = Math.min(WINDOW_SECONDS, Math.max(30, Math.ceil(span / 30) * 30));
    const tick = axisSeconds <= 30 ? 10 : axisSeconds <= 60 ? 15 : 30;
    const xAge = (seconds) => pad.left + plotW * (1 - seconds / axisSeconds);
    const x = (i) => xAge((now - samples[i].at) / 1000);

    // Grid and axis labels: four steps up the value axis, the window's age along the time axis.
    g.strokeStyle = "#e3e6ea";
    g.fillStyle = "#6b7280";
    g.lineWidth = 1;
    g.textAlign = "right";
    g.textBaseline = "middle";
    for (let step = 0; step <= 4; step++) {
      const value = (top * step) / 4;
      g.beginPath();
      g.moveTo(pad.left, Math.round(y(value)) + 0.5);
      g.lineTo(width - pad.right, Math.round(y(value)) + 0.5);
      g.stroke();
      g.fillText(axisLabel(value) + options.unit, pad.left - 4, y(value));
    }
    g.textAlign = "center";
    g.textBaseline = "top";
    for (let age = axisSeconds - tick; age >= 0; age -= tick) {
      g.fillText(age === 0 ? "now" : `-${age} s`, xAge(age) - (age === 0 ? 10 : 0), pad.top + plotH + 5);
    }

    // Series: stacked areas from the bottom up, or lines; a gap where a sample has no value.
    const base = samples.map(() => 0);
    for (const s of series) {
      g.strokeStyle = s.color;
      g.fillStyle = s.color;
      g.lineWidth = 2;
      if (options.stacked) {
        const upper = samples.map((sample, i) => base[i] + (sample[s.key] || 0));
        g.beginPath();
        samples.forEach((_, i) => (i === 0 ? g.moveTo(x(i), y(upper[i])) : g.lineTo(x(i), y(upper[i]))));
        for (let i = samples.length - 1; i >= 0; i--) g.lineTo(x(i), y(base[i]));
        g.closePath();
        g.globalAlpha = 0.75;
        g.fill();
        g.globalAlpha = 1;
        upper.forEach((value, i) => (base[i] = value));
      } else {
        g.beginPath();
        let drawing = false;
        samples.forEach((sample, i) => {
          const value = sample[s.key];
          if (value === null || value === undefined) {
            drawing = false;
          } else if (drawing) {
            g.lineTo(x(i), y(value));
          } else {
            g.moveTo(x(i), y(value));
            drawing = true;
          }
        });
        g.stroke();
      }
    }

    // Legend, top left.
    g.textAlign = "left";
    g.textBaseline = "middle";
    let left = pad.left + 4;
    for (const s of series) {
      g.fillStyle = s.color;
      g.fillRect(left, 4, 10, 10);
      g.fillStyle = "#374151";
      g.fillText(s.label, left + 14, 9);
      left += 24 + g.measureText(s.label).width;
    }
    canvas.dataset.samples = String(samples.length);
  }

  // The smallest of 1, 2, 4, 8 × 10^n at or above value (at least 0.01), so the four grid steps fall on round numbers.
  function niceCeiling(value) {
    if (value <= 0.01) return 0.01;
    const magnitude = Math.pow(10, Math.floor(Math.log10(value)));
    for (const step of [1, 2, 4, 8, 10]) {
      if (step * magnitude >= value) return step * magnitude;
    }
    return 10 * magnitude;
  }

  const axisLabel = (value) => (value >= 1000 ? `${+(value / 1000).toFixed(1)}k` : `${+value.toFixed(value < 1 ? 3 : value < 10 ? 1 : 0)}`);
  const number = (value) => Number(value).toLocaleString("en-US");
  const ms = (value) => `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;

  // ---- review queue --------------------------------------------------------------------------------------------

  async function pollQueue() {
    const generation = queue.generation;
    try {
      const page = await api(keys.analyst, `/v1/reviews?status=open&limit=${QUEUE_LIMIT}`);
      if (generation !== queue.generation) return;
      const cases = page.cases.filter((c) => !queue.labelled.has(c.transactionId));
      byId("queue-count").textContent = page.nextCursor ? `(oldest ${cases.length}, more waiting)` : `(${cases.length})`;
      byId("queue-status").textContent = cases.length ? "" : "No open cases.";
      byId("queue-status").className = "muted";
      showCases(cases);
    } catch (error) {
      byId("queue-status").textContent = `queue: ${error.message}`;
      byId("queue-status").className = "problem";
    }
    if (generation === queue.generation) queue.timer = window.setTimeout(pollQueue, QUEUE_EVERY_MS);
  }

  // Keeps the rows of cases still open (their history stays loaded), drops the others, adds the new ones in order.
  function showCases(cases) {
    const list = byId("queue");
    const open = new Set(cases.map((c) => c.transactionId));
    for (const [id, row] of queue.shown) {
      if (!open.has(id)) {
        row.remove();
        queue.shown.delete(id);
      }
    }
    cases.forEach((c, i) => {
      let row = queue.shown.get(c.transactionId);
      if (!row) {
        row = caseRow(c);
        queue.shown.set(c.transactionId, row);
        wantDetail(c.transactionId);
      }
      if (list.children[i] !== row) list.insertBefore(row, list.children[i] || null);
    });
    list.dataset.cases = String(cases.length);
  }

  function caseRow(c) {
    const row = byId("case-template").content.firstElementChild.cloneNode(true);
    row.dataset.transactionId = String(c.transactionId);
    const decision = row.querySelector(".decision");
    decision.textContent = c.decision;
    decision.classList.add(c.decision.toLowerCase());
    row.querySelector(".amount").textContent = money(c.amount);
    row.querySelector(".card").textContent = `card ${c.cardId} · terminal ${c.terminalId} · tx ${c.transactionId}`;
    row.querySelector(".when").textContent = c.eventTime;
    row.querySelector(".score").textContent = `score ${c.score.toFixed(3)}`;
    const reasons = row.querySelector(".reasons");
    for (const reason of c.reasons) {
      const chip = document.createElement("li");
      chip.textContent = reason;
      reasons.append(chip);
    }
    for (const button of row.querySelectorAll("button[data-label]")) {
      button.addEventListener("click", () => label(c.transactionId, button.dataset.label, row));
    }
    return row;
  }

  function wantDetail(id) {
    if (queue.details.has(id)) {
      showDetail(id);
      return;
    }
    queue.wanted.push(id);
    fetchDetails();
  }

  // A few case details at a time, oldest case first; each is fetched once and kept while its case is open.
  function fetchDetails() {
    const generation = queue.generation;
    while (queue.fetching < DETAIL_FETCHES && queue.wanted.length) {
      const id = queue.wanted.shift();
      if (!queue.shown.has(id)) continue;
      queue.fetching++;
      api(keys.analyst, `/v1/reviews/${id}`)
        .then((detail) => {
          if (generation !== queue.generation) return;
          queue.details.set(id, detail);
          showDetail(id);
        })
        .catch((error) => {
          const row = queue.shown.get(id);
          if (row) row.querySelector(".error").textContent = `history: ${error.message}`;
        })
        .finally(() => {
          queue.fetching--;
          fetchDetails();
        });
    }
  }

  function showDetail(id) {
    const row = queue.shown.get(id);
    const detail = queue.details.get(id);
    if (!row || !detail) return;
    const body = row.querySelector(".history tbody");
    body.replaceChildren(...detail.cardHistory.map((signal) => historyRow(signal, id)));
    row.classList.add("with-history");
    row.dataset.history = String(detail.cardHistory.length);
    showWhy(row, detail.case.explanation);
  }

  // The model's own why, beside the rules' reason codes: the largest TreeSHAP contributions, in log-odds.
  function showWhy(row, explanation) {
    if (!explanation || !explanation.contributions || row.querySelector(".why")) return;
    const why = document.createElement("ul");
    why.className = "why";
    for (const part of explanation.contributions) {
      const item = document.createElement("li");
      item.textContent = `${part.feature} ${Number(part.value).toPrecision(4)} (${part.contribution >= 0 ? "+" : ""}${part.contribution.toFixed(2)})`;
      item.classList.add(part.contribution >= 0 ? "raises" : "lowers");
      why.append(item);
    }
    row.querySelector(".reasons").after(why);
  }

  function historyRow(signal, caseId) {
    const tr = document.createElement("tr");
    if (signal.transactionId === caseId) tr.className = "this-case";
    const decision = String(signal.decision).toLowerCase();
    const cells = [
      new Date(signal.eventTimeMs).toISOString().replace("T", " ").slice(0, 19),
      String(signal.transactionId),
      money(signal.amountMinor / 100),
      String(signal.terminalId),
      Number(signal.score).toFixed(3),
      decision.toUpperCase(),
      reasonText(signal.reasons),
    ];
    for (const text of cells) {
      const td = document.createElement("td");
      td.textContent = text;
      tr.append(td);
    }
    tr.children[5].className = decision;
    return tr;
  }

  // A signal's reasons arrive as the enum's names ("ModelScoreReview, NightTime"); shown as the cases show theirs.
  const reasonText = (reasons) =>
    String(reasons || "")
      .split(",")
      .map((r) => r.trim())
      .filter((r) => r && r !== "None")
      .map((r) => r.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase())
      .join(", ");
  const money = (value) => Number(value).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  async function label(id, value, row) {
    const buttons = row.querySelectorAll("button[data-label]");
    buttons.forEach((b) => (b.disabled = true));
    row.querySelector(".error").textContent = "";
    try {
      await api(keys.analyst, `/v1/reviews/${id}/label`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ label: value }),
      });
      closeCase(id);
    } catch (error) {
      if (error.status === 409) {
        closeCase(id); // labelled already, by someone else: it is not open any more either way
        return;
      }
      row.querySelector(".error").textContent = `label: ${error.message}`;
      buttons.forEach((b) => (b.disabled = false));
    }
  }

  // A labelled case leaves at once (the next page fills its place); a page read before the label reached the table
  // must not bring it back.
  function closeCase(id) {
    queue.labelled.add(id);
    const row = queue.shown.get(id);
    if (row) row.remove();
    queue.shown.delete(id);
    queue.details.delete(id);
    byId("queue").dataset.cases = String(queue.shown.size);
  }

  // ---- keys ----------------------------------------------------------------------------------------------------

  function start() {
    queue.generation++;
    window.clearTimeout(figures.timer);
    window.clearTimeout(queue.timer);
    figures.previous = null;
    figures.samples = [];
    for (const row of queue.shown.values()) row.remove();
    queue.shown.clear();
    queue.details.clear();
    queue.wanted = [];
    if (keys.operator) {
      pollFigures();
    } else {
      byId("silo").textContent = "Enter an operator key to see the figures.";
    }
    if (keys.analyst) {
      pollQueue();
    } else {
      byId("queue-status").textContent = "Enter an analyst key to see the queue.";
    }
  }

  byId("operator-key").value = keys.operator;
  byId("analyst-key").value = keys.analyst;
  byId("keys").addEventListener("submit", (event) => {
    event.preventDefault();
    keys.operator = byId("operator-key").value.trim();
    keys.analyst = byId("analyst-key").value.trim();
    storage.setItem("fraud.operatorKey", keys.operator);
    storage.setItem("fraud.analystKey", keys.analyst);
    start();
  });
  byId("forget").addEventListener("click", () => {
    storage.removeItem("fraud.operatorKey");
    storage.removeItem("fraud.analystKey");
    keys.operator = keys.analyst = "";
    byId("operator-key").value = byId("analyst-key").value = "";
    start();
  });
  window.addEventListener("resize", () => figures.previous && drawFigures());
  start();
})();
