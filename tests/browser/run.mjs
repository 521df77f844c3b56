// The built site in a real browser: Debian's headless Chromium opens it
// from a local server under a sub-path (as on kis.nl) and from disk, runs
// axe-core on the home, a project and the budget page, searches for
// "schakeljaren", checks 320 px and takes screenshots at 1280 and 375 px;
// on a phone (375 × 667) the overview's total, the planning's months, the
// home page's way in, one search box; Open Sans and the PDF's bold rows.
//
// Usage: node run.mjs [SITE_DIR] (default: ../../build/site). Build first
// with `cargo run -- build`. Screenshots go to SITE_DIR/../screenshots.
import { createServer } from "node:http";
import { readFile, mkdtemp, mkdir, stat, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const siteDir = path.resolve(process.argv[2] ?? path.join(here, "../../build/site"));
const shotDir = path.join(path.dirname(siteDir), "screenshots");
const BASE = "/werkplan-2019/";
const require = createRequire(import.meta.url);
const axeSource = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");

const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8", ".json": "application/json",
  ".csv": "text/csv; charset=utf-8", ".xml": "application/xml", ".txt": "text/plain; charset=utf-8",
  ".pdf": "application/pdf", ".png": "image/png", ".svg": "image/svg+xml", ".ttf": "font/ttf",
};

// A tiny static server for SITE_DIR under BASE, on 127.0.0.1 only.
function serve() {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    let rel = decodeURIComponent(url.pathname);
    if (!rel.startsWith(BASE)) { res.writeHead(404).end(); return; }
    rel = rel.slice(BASE.length);
    if (rel === "" || rel.endsWith("/")) { rel += "index.html"; }
    const file = path.join(siteDir, rel);
    if (!file.startsWith(siteDir + path.sep)) { res.writeHead(403).end(); return; }
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      const body = await readFile(path.join(siteDir, "404.html"));
      res.writeHead(404, { "content-type": TYPES[".html"] });
      res.end(body);
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

let passed = 0;
let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (err) {
    failed++;
    console.log(`FAIL ${name}\n     ${String(err && err.stack || err).split("\n").join("\n     ")}`);
  }
}
function assert(cond, message) { if (!cond) { throw new Error(message); } }

await stat(path.join(siteDir, "index.html")).catch(() => {
  console.error(`no site in ${siteDir}: run \`cargo run -- build\` first`);
  process.exit(2);
});
await mkdir(shotDir, { recursive: true });
const server = await serve();
const origin = `http://127.0.0.1:${server.address().port}${BASE}`;
const profile = await mkdtemp(path.join(tmpdir(), "kis-book-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  bypassCSP: true, // only so that axe-core can be injected; the site itself runs under its CSP
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
  viewport: { width: 1280, height: 900 },
});
const page = context.pages()[0] ?? await context.newPage();
const consoleErrors = [];
page.on("console", (msg) => { if (msg.type() === "error") { consoleErrors.push(msg.text()); } });
page.on("pageerror", (err) => consoleErrors.push(String(err)));

const PAGES = [
  ["home", ""],
  ["project-1.3", "1.3-schakeljaren/index.html"],
  ["begroting", "5-totaaloverzicht/index.html"],
];

for (const [name, rel] of PAGES) {
  await check(`axe-core finds no serious or critical violation on ${name}`, async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    const response = await page.goto(origin + rel);
    assert(response && response.ok(), `HTTP ${response && response.status()}`);
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(() => window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    }));
    for (const v of result.violations) {
      console.log(`     ${v.impact}: ${v.id} (${v.nodes.length}×) ${v.help}`);
    }
    const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    assert(bad.length === 0, `${bad.length} serious or critical: ${bad.map((v) => v.id).join(", ")}`);
  });
  await check(`${name} fits 320 px without sideways scrolling`, async () => {
    await page.setViewportSize({ width: 320, height: 800 });
    await page.goto(origin + rel);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(width <= 320, `page is ${width} px wide`);
  });
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(origin + rel);
    await page.screenshot({ path: path.join(shotDir, `${name}-${width}.png`), fullPage: true });
    await page.screenshot({ path: path.join(shotDir, `${name}-${width}-top.png`) });
  }
}

await check("axe-core finds no serious or critical violation on any page, and each fits 320 px", async () => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const sitemap = await readFile(path.join(siteDir, "sitemap.xml"), "utf8");
  const canonical = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
  const base = canonical[0];
  const rels = canonical.map((u) => u.slice(base.length)).concat(["zoeken/", "404.html"]);
  const problems = [];
  for (const rel of rels) {
    await page.setViewportSize({ width: 320, height: 800 });
    await page.goto(origin + rel);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 320) { problems.push(`${rel}: ${width} px wide at 320 px`); }
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(() => window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    }));
    for (const v of result.violations) {
      if (v.impact === "serious" || v.impact === "critical") { problems.push(`${rel}: ${v.id}`); }
    }
  }
  assert(rels.length > 40, `only ${rels.length} pages`);
  assert(problems.length === 0, problems.join("; "));
});

await check("the print stylesheet leaves out navigation", async () => {
  await page.setViewportSize({ width: 800, height: 1000 });
  await page.goto(origin + "1.3-schakeljaren/index.html");
  await page.emulateMedia({ media: "print" });
  const hidden = await page.evaluate(() => [".site-header", ".sidebar", ".pager", ".site-footer"]
    .filter((sel) => getComputedStyle(document.querySelector(sel)).display !== "none"));
  await page.screenshot({ path: path.join(shotDir, "print-project-1.3.png"), fullPage: true });
  await page.emulateMedia({ media: "screen" });
  assert(hidden.length === 0, `printed: ${hidden.join(", ")}`);
});

await check("the skip link shows when it has the focus and leads to the text", async () => {
  await page.goto(origin + "1.3-schakeljaren/index.html");
  await page.keyboard.press("Tab");
  const focused = await page.evaluate(() => {
    const el = document.activeElement;
    const box = el.getBoundingClientRect();
    return { cls: el.className, top: box.top, outline: getComputedStyle(el).outlineStyle };
  });
  assert(focused.cls === "skip-link", `first Tab goes to ${focused.cls}`);
  assert(focused.top >= 0, "the skip link stays off screen");
  assert(focused.outline !== "none", "no visible focus outline");
  await page.keyboard.press("Enter");
  const id = await page.evaluate(() => document.activeElement.id);
  assert(id === "_inhoud", `focus went to #${id}`);
});

await check("the search box finds project 1.3 for \"schakeljaren\"", async () => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(origin);
  await page.fill("#_zoekterm-kop", "schakeljaren");
  await Promise.all([page.waitForURL(/zoeken\/index\.html\?q=schakeljaren/), page.press("#_zoekterm-kop", "Enter")]);
  const first = page.locator("#_zoekresultaten li a").first();
  await first.waitFor();
  const text = await first.textContent();
  assert(text.startsWith("Project 1.3 "), `first result is ${text}`);
  const mark = await page.locator("#_zoekresultaten li").first().locator("mark").first().textContent();
  assert(/^schakeljar/i.test(mark), `the snippet marks ${mark}`);
  const status = await page.locator("#_zoekstatus").textContent();
  assert(/resultaten? voor/.test(status), `status: ${status}`);
  await page.screenshot({ path: path.join(shotDir, "zoeken-1280.png"), fullPage: true });
  await page.setViewportSize({ width: 375, height: 900 });
  await page.screenshot({ path: path.join(shotDir, "zoeken-375.png"), fullPage: true });
  await first.click();
  await page.waitForURL(/1\.3-schakeljaren\/index\.html$/);
  const h1 = await page.locator("h1").textContent();
  assert(h1.startsWith("Project 1.3 "), `h1 is ${h1}`);
});

await check("the singular \"schakeljaar\" finds project 1.3 too", async () => {
  await page.goto(origin + "zoeken/index.html?q=schakeljaar");
  const text = await page.locator("#_zoekresultaten li a").first().textContent();
  assert(text.startsWith("Project 1.3 "), `first result is ${text}`);
});

await check("search.js stems every word of the site as search.rs does", async () => {
  await page.goto(origin + "zoeken/index.html");
  const differ = await page.evaluate(() => Object.entries(window.KIS_SEARCH_INDEX.words)
    .filter(([word, stem]) => window.kisStemNl(word) !== stem)
    .map(([word, stem]) => `${word}: ${stem} ≠ ${window.kisStemNl(word)}`));
  assert(differ.length === 0, differ.slice(0, 20).join("; "));
});

await check("a word the site never uses is stemmed in the browser", async () => {
  // "schakeljaars" is not in the text; its stem is that of schakeljaren.
  await page.goto(origin + "zoeken/index.html?q=schakeljaars");
  const known = await page.evaluate(() => "schakeljaars" in window.KIS_SEARCH_INDEX.words);
  assert(!known, "the test word is in the text after all");
  const text = await page.locator("#_zoekresultaten li a").first().textContent();
  assert(text.startsWith("Project 1.3 "), `first result is ${text}`);
});

await check("an unknown address gets the 404 page", async () => {
  const response = await page.goto(origin + "bestaat-niet/");
  assert(response.status() === 404, `status ${response.status()}`);
  const css = await page.evaluate(() => getComputedStyle(document.querySelector(".site-header")).backgroundColor);
  assert(css === "rgb(0, 88, 107)", `404 page unstyled: ${css}`);
});

await check("the site works opened from disk, search included", async () => {
  const home = pathToFileURL(path.join(siteDir, "index.html")).href;
  await page.goto(home);
  const css = await page.evaluate(() => getComputedStyle(document.querySelector(".site-header")).backgroundColor);
  assert(css === "rgb(0, 88, 107)", `stylesheet not applied from disk: ${css}`);
  const search = pathToFileURL(path.join(siteDir, "zoeken", "index.html")).href + "?q=schakeljaren";
  await page.goto(search);
  const text = await page.locator("#_zoekresultaten li a").first().textContent();
  assert(text.startsWith("Project 1.3 "), `first result from disk is ${text}`);
});

// On a phone (375 × 667): what issue 22 found wrong there.
const PHONE = { width: 375, height: 667 };

await check("at 375 px the overview keeps its grand total in view, labelled, and says it scrolls", async () => {
  await page.setViewportSize(PHONE);
  await page.goto(origin + "5-totaaloverzicht/index.html");
  const seen = await page.evaluate(() => {
    const wrap = document.querySelector(".table-wrap.overview");
    const inView = (el) => { const r = el.getBoundingClientRect(); return r.left >= 0 && r.right <= window.innerWidth; };
    const head = [...wrap.querySelectorAll("thead th")];
    const total = head[head.length - 1];
    const foot = [...wrap.querySelectorAll("tfoot td")];
    const caption = wrap.querySelector("caption");
    return {
      scrolls: wrap.scrollWidth > wrap.clientWidth,
      totalLabel: total.textContent.trim(), totalInView: inView(total),
      grand: foot[foot.length - 1].textContent.trim(), grandInView: inView(foot[foot.length - 1]),
      firstInView: inView(wrap.querySelector("tfoot th")),
      captionWhole: caption.getBoundingClientRect().right <= window.innerWidth,
      hint: getComputedStyle(wrap, "::before").maxHeight,
    };
  });
  await page.screenshot({ path: path.join(shotDir, "begroting-375-phone.png") });
  assert(seen.scrolls, "the overview does not scroll at 375 px: the test checks nothing");
  assert(seen.totalLabel === "Totaal" && seen.totalInView, `the total column (${seen.totalLabel}) is out of view`);
  assert(seen.grand === "2.620.019" && seen.grandInView, `the grand total ${seen.grand} is out of view`);
  assert(seen.firstInView, "the row labels scroll away");
  assert(seen.captionWhole, "the caption is cut");
  assert(seen.hint !== "0px", "nothing says the table scrolls");
  // Scrolled to the end, the row labels and the total stay.
  const after = await page.evaluate(() => {
    const wrap = document.querySelector(".table-wrap.overview");
    wrap.scrollLeft = wrap.scrollWidth;
    const r = wrap.querySelector("tfoot th").getBoundingClientRect();
    return r.left >= 0 && r.right <= window.innerWidth;
  });
  assert(after, "the row labels scroll away");
});

await check("at 375 px the planning chart shows every month", async () => {
  await page.setViewportSize(PHONE);
  await page.goto(origin + "4.5-gevoelens-van-binding/index.html");
  const months = await page.evaluate(() => {
    const table = [...document.querySelectorAll("main table")].find((t) => t.querySelector("thead th")?.textContent.startsWith("Planning in maanden"));
    const wrap = table.closest(".table-wrap").getBoundingClientRect();
    return [...table.querySelectorAll("thead th")].slice(1)
      .filter((th) => { const r = th.getBoundingClientRect(); return r.left >= wrap.left && r.right <= wrap.right + 0.5; })
      .map((th) => th.textContent.trim());
  });
  assert(months.join(" ") === "1 2 3 4 5 6 7 8 9 10 11 12", `months in view: ${months.join(" ")}`);
});

await check("at 375 × 667 the home page shows \"Lees het werkplan\" in the first screen", async () => {
  await page.setViewportSize(PHONE);
  await page.goto(origin);
  const box = await page.locator("a.button", { hasText: "Lees het werkplan" }).boundingBox();
  assert(box && box.y + box.height <= PHONE.height, `it ends at ${box && box.y + box.height} px`);
  await page.screenshot({ path: path.join(shotDir, "home-375-phone.png") });
});

await check("the search page has one search box", async () => {
  await page.setViewportSize(PHONE);
  await page.goto(origin + "zoeken/index.html");
  const boxes = await page.locator("input[type=search]").count();
  assert(boxes === 1, `${boxes} search boxes`);
});

await check("the site is set in Open Sans, the PDF's font, shipped with the site", async () => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(origin + "1.3-schakeljaren/index.html");
  const fonts = await page.evaluate(async () => {
    await document.fonts.ready;
    await document.fonts.load("700 16px \"Open Sans\"");
    return [...document.fonts].filter((f) => f.family.replace(/"/g, "") === "Open Sans" && f.status === "loaded").map((f) => f.weight);
  });
  assert(fonts.includes("400") && fonts.includes("700"), `Open Sans loaded: ${fonts.join(", ")}`);
  const family = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
  assert(family.startsWith("\"Open Sans\""), `body font ${family}`);
});

await check("only total rows are bold in the overview, as in the PDF", async () => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(origin + "5-totaaloverzicht/index.html");
  const weights = await page.evaluate(() => Object.fromEntries(
    ["tr.function th", "tr.theme th", "tr.item th", "tfoot th"].map((sel) => [sel, getComputedStyle(document.querySelector(`.overview-table ${sel}`)).fontWeight])));
  assert(weights["tr.function th"] === "700" && weights["tfoot th"] === "700", JSON.stringify(weights));
  assert(weights["tr.theme th"] === "400" && weights["tr.item th"] === "400", JSON.stringify(weights));
});

await check("pages log no errors in the console", async () => {
  assert(consoleErrors.filter((e) => !/404 \(Not Found\)/.test(e)).length === 0, consoleErrors.join("\n"));
});

await context.close();
server.close();
await rm(profile, { recursive: true, force: true });
console.log(`screenshots in ${shotDir}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
