// The site as it will be hosted: nginx, configured as docs/publishing.md
// says (docs/publishing/nginx.conf with its two names changed, as a
// communication officer changes them), serves a built site from its
// sub-path, and Debian's headless Chromium crawls it from the home page:
// every page and download answers 200 with its content type, every style,
// script, font and image of every page loads, nothing links outside the
// site, the caching is the documented one, and a missing address gets the
// site's 404 page, styled, at any depth.
//
// nginx runs as the current user with a configuration in a temporary
// folder: no root, nothing of the system's nginx is used but its binary.
//
// Usage: node hosted.mjs SITE_DIR SUB_PATH [SITE_DIR SUB_PATH …]
//   e.g. node hosted.mjs ../../build/site /werkplan-2019/
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const snippetFile = path.join(here, "../../docs/publishing/nginx.conf");
const NGINX = process.env.KIS_BOOK_NGINX ?? "nginx";

// What docs/publishing.md promises for each kind of file.
const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8", ".json": "application/json",
  ".csv": "text/csv; charset=utf-8", ".txt": "text/plain; charset=utf-8",
  ".xml": "application/xml", ".pdf": "application/pdf",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp", ".ttf": "font/ttf",
  ".otf": "font/otf",
};
function cacheFor(rel) {
  if (rel.startsWith("static/fonts/")) { return "public, max-age=604800"; }
  if (rel.startsWith("static/")) { return "public, max-age=3600"; }
  return "no-cache";
}

const args = process.argv.slice(2);
if (args.length === 0 || args.length % 2 !== 0) {
  console.error("usage: node hosted.mjs SITE_DIR SUB_PATH [SITE_DIR SUB_PATH …]");
  process.exit(2);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

// docs/publishing/nginx.conf with its folder and path changed, inside a
// minimal nginx.conf of a temporary prefix.
async function nginxConfig(prefix, port, siteDir, subPath) {
  const snippet = (await readFile(snippetFile, "utf8"))
    .replaceAll("/var/www/werkplan-2019/", siteDir + "/")
    .replaceAll("/werkplan-2019/", subPath);
  const user = userInfo();
  return [
    "daemon off;",
    "worker_processes 1;",
    `pid ${prefix}/nginx.pid;`,
    `error_log ${prefix}/error.log;`,
    // Only a master process running as root reads it: then the workers
    // stay this user instead of becoming nobody.
    user.uid === 0 ? `user ${user.username};` : "",
    "events { worker_connections 64; }",
    "http {",
    `  access_log ${prefix}/access.log;`,
    ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `  ${t}_temp_path ${prefix}/${t};`),
    "  server {",
    `    listen 127.0.0.1:${port};`,
    "    server_name localhost;",
    snippet,
    "  }",
    "}",
    "",
  ].join("\n");
}

async function startNginx(siteDir, subPath) {
  const prefix = await mkdtemp(path.join(tmpdir(), "kis-book-nginx-"));
  const port = await freePort();
  await writeFile(path.join(prefix, "nginx.conf"), await nginxConfig(prefix, port, siteDir, subPath));
  const child = spawn(NGINX, ["-p", prefix, "-e", path.join(prefix, "error.log"), "-c", path.join(prefix, "nginx.conf")],
    { stdio: ["ignore", "inherit", "inherit"] });
  let exited = null;
  child.on("exit", (code) => { exited = code; });
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (exited !== null) {
      const log = await readFile(path.join(prefix, "error.log"), "utf8").catch(() => "");
      throw new Error(`nginx stopped (exit ${exited}):\n${log}`);
    }
    try {
      await fetch(origin + subPath);
      return { origin, prefix, stop: async () => { child.kill("SIGQUIT"); await new Promise((r) => exited !== null ? r() : child.once("exit", r)); await rm(prefix, { recursive: true, force: true }); } };
    } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  child.kill();
  throw new Error("nginx did not answer within 10 s");
}

async function filesOf(dir, rel = "") {
  const out = [];
  for (const entry of await readdir(path.join(dir, rel), { withFileTypes: true })) {
    const sub = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) { out.push(...await filesOf(dir, sub)); } else { out.push(sub); }
  }
  return out;
}

let failed = 0;
const profile = await mkdtemp(path.join(tmpdir(), "kis-book-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  viewport: { width: 1280, height: 900 },
});
const page = context.pages()[0] ?? await context.newPage();

for (let i = 0; i < args.length; i += 2) {
  const siteDir = path.resolve(args[i]);
  const shotDir = path.join(path.dirname(siteDir), "screenshots");
  const subPath = args[i + 1];
  const server = await startNginx(siteDir, subPath);
  const base = server.origin + subPath;
  const problems = [];
  const fetched = new Map(); // site-relative path -> how it was reached
  const relOf = (url) => {
    const u = new URL(url);
    if (u.origin !== server.origin || !u.pathname.startsWith(subPath)) { return null; }
    let rel = decodeURIComponent(u.pathname.slice(subPath.length));
    if (rel === "" || rel.endsWith("/")) { rel += "index.html"; }
    return rel;
  };
  const checkHeaders = (rel, response, how) => {
    const type = TYPES[path.extname(rel)];
    const headers = response.headers();
    if (response.status() !== 200) { problems.push(`${how} ${rel}: HTTP ${response.status()}`); return; }
    if (headers["content-type"] !== type) { problems.push(`${rel}: content-type ${headers["content-type"]}, not ${type}`); }
    if (headers["cache-control"] !== cacheFor(rel)) { problems.push(`${rel}: cache-control ${headers["cache-control"]}`); }
    fetched.set(rel, how);
  };

  // Every style, script, font and image a page loads, with its answer.
  const loads = [];
  const onResponse = (response) => loads.push(response);
  const onFailed = (request) => problems.push(`${request.url()}: ${request.failure()?.errorText}`);
  page.on("response", onResponse);
  page.on("requestfailed", onFailed);

  const queue = [base];
  const queued = new Set(["index.html"]);
  const downloads = new Set();
  while (queue.length > 0) {
    const url = queue.shift();
    const rel = relOf(url);
    loads.length = 0;
    const response = await page.goto(url, { waitUntil: "load" });
    checkHeaders(rel, response, "page");
    for (const load of loads) {
      if (load.request().isNavigationRequest()) { continue; }
      const r = relOf(load.url());
      if (r === null) { problems.push(`${rel} loads ${load.url()}, outside the site`); continue; }
      checkHeaders(r, load, `${rel} loads`);
    }
    const styled = await page.evaluate(() => getComputedStyle(document.querySelector(".site-header")).backgroundColor);
    if (styled !== "rgb(0, 88, 107)") { problems.push(`${rel}: unstyled (${styled})`); }
    const links = await page.evaluate(() => [...document.querySelectorAll("a[href], link[href], script[src], img[src], form[action]")]
      .filter((el) => !(el.tagName === "LINK" && ["canonical", "alternate"].includes(el.rel)))
      .map((el) => el.href || el.src || el.action));
    for (const link of links) {
      const u = new URL(link);
      if (u.protocol !== "http:") { continue; } // mailto:, and kis.nl itself in the footer
      if (u.origin !== server.origin) { continue; }
      const target = relOf(link);
      if (target === null) { problems.push(`${rel} links to ${link}, outside the site`); continue; }
      if (target.endsWith(".html")) {
        if (!queued.has(target)) { queued.add(target); u.hash = ""; queue.push(u.href); }
      } else {
        downloads.add(target);
      }
    }
  }
  for (const rel of downloads) {
    if (fetched.has(rel)) { continue; }
    const response = await context.request.get(base + rel.split("/").map(encodeURIComponent).join("/"));
    checkHeaders(rel, response, "download");
    const body = await response.body();
    const onDisk = await readFile(path.join(siteDir, rel));
    if (!body.equals(onDisk)) { problems.push(`${rel}: the bytes served differ from the file`); }
  }
  // The files no link leads to are for machines; they are served too.
  for (const rel of ["robots.txt", "sitemap.xml"]) {
    checkHeaders(rel, await context.request.get(base + rel), "machine");
  }
  const files = await filesOf(siteDir);
  const pages = files.filter((f) => f.endsWith(".html") && f !== "404.html");
  const missed = files.filter((f) => !fetched.has(f) && (pages.includes(f) || f.startsWith("downloads/")));
  if (missed.length > 0) { problems.push(`no link leads to ${missed.join(", ")}`); }
  // What no page needed here (an italic font, the fonts' licence) is
  // served with its type too.
  for (const rel of files.filter((f) => !fetched.has(f) && f !== "404.html")) {
    checkHeaders(rel, await context.request.get(base + rel), "file");
  }

  // A missing address, near and deep: the 404 page, styled, its style,
  // scripts and fonts loaded from the sub-path.
  for (const missing of ["bestaat-niet.html", "a/b/c/bestaat-niet/"]) {
    loads.length = 0;
    const response = await page.goto(base + missing);
    if (response.status() !== 404) { problems.push(`${missing}: HTTP ${response.status()}, not 404`); }
    const styled = await page.evaluate(() => getComputedStyle(document.querySelector(".site-header")).backgroundColor);
    if (styled !== "rgb(0, 88, 107)") { problems.push(`404 at ${missing}: unstyled (${styled})`); }
    for (const load of loads) {
      if (!load.request().isNavigationRequest() && load.status() !== 200) { problems.push(`404 at ${missing} loads ${load.url()}: HTTP ${load.status()}`); }
    }
    await mkdir(shotDir, { recursive: true });
    await page.screenshot({ path: path.join(shotDir, `hosted-404-${subPath.replaceAll("/", "")}.png`) });
  }
  // A folder without its slash is sent to the folder.
  const noSlash = await page.goto(base + "zoeken");
  if (relOf(noSlash.url()) !== "zoeken/index.html" || noSlash.status() !== 200) {
    problems.push(`zoeken without its slash: ${noSlash.url()} HTTP ${noSlash.status()}`);
  }

  page.off("response", onResponse);
  page.off("requestfailed", onFailed);
  await server.stop();
  const name = `${siteDir} under ${subPath} (nginx)`;
  if (problems.length > 0 || pages.length < 2) {
    failed++;
    console.log(`FAIL ${name}: ${pages.length} pages\n     ${problems.slice(0, 40).join("\n     ")}`);
  } else {
    console.log(`ok   ${name}: ${queued.size} pages, ${downloads.size} downloads and ${fetched.size} files in all, 404 styled`);
  }
}

await context.close();
await rm(profile, { recursive: true, force: true });
process.exit(failed === 0 ? 0 : 1);
