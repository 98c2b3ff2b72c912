/* What the site's browser tools share (the role comparison, comparer/, and the self-assessment,
   auto-evaluation/): the framework's JSON export read from this site, each competency's scale, the
   labels of the export's values, and DOM helpers that put text from the data in with textContent
   only. Loaded before the tools (mkdocs.yml); exposes window.referentielTools and nothing else.

   A tool's root element carries, from its template:
     data-source  the JSON export (relative to the page: works offline and on an intranet),
     data-site    the site's root, so that only links inside the site are made,
     data-labels  the French labels of the values the export carries (from the schemas). */
(function () {
  "use strict"

  /* An element holding `text` as text (never parsed as HTML). */
  function element(tag, text, className) {
    const node = document.createElement(tag)
    if (text !== undefined) node.textContent = text
    if (className) node.className = className
    return node
  }

  /* A checkbox with its label, in a field of ``className``: [field, checkbox]. */
  function checkbox(id, text, className) {
    const box = element("input")
    box.type = "checkbox"
    box.id = id
    const label = element("label", text)
    label.htmlFor = id
    const field = element("div", undefined, className)
    field.append(box, label)
    return [field, box]
  }

  /* The address of the site's root for a tool's root element. */
  function siteOf(root) {
    return new URL(root.dataset.site, document.baseURI)
  }

  /* A link to a page of this site (`page` relative to its root); anything else stays plain text. */
  function pageLink(site, text, page) {
    const url = new URL(String(page || ""), site)
    if (url.origin !== site.origin || !url.pathname.startsWith(site.pathname)) return element("span", text)
    const link = element("a", text)
    link.href = url.href
    return link
  }

  /* The JSON file at `address` (relative to the page), from this site only. */
  function fetchJSON(address) {
    const url = new URL(address, document.baseURI)
    if (url.origin !== location.origin) return Promise.reject(new Error("outside the site"))
    return fetch(url.href, { credentials: "same-origin" }).then((response) => {
      if (!response.ok) throw new Error(String(response.status))
      return response.json()
    })
  }

  /* The labels the template wrote: {importance: {essential: "essentielle", …}}. */
  function labels(root) {
    return JSON.parse(root.dataset.labels || "{}")
  }

  /* Each competency id → the levels of its own scale ("" is the framework's scale, others are
     named in data.scales), as a Map level number → {level, label, essence, …}. */
  function scalesOf(data) {
    // a référentiel without levels has no scale (data.scale null, every level null)
    const scales = new Map([data.scale, ...(data.scales || [])].filter(Boolean).map((scale) => [
      scale.id || "", new Map(scale.levels.map((level) => [level.level, level])),
    ]))
    return new Map(data.competencies.map((c) => [c.id, scales.get(c.scale || "") || scales.get("")]))
  }

  /* How a level reads on a competency's scale, as the pages print it (model.Scale.label):
     "3 — Maîtrise"; 0 (none) "—"; null (not given) « non précisé ». */
  const UNSPECIFIED = "non précisé"
  function levelText(levels, number) {
    if (number === null || number === undefined) return UNSPECIFIED
    const level = levels && levels.get(number)
    return level ? `${number} — ${level.label}` : "—"
  }

  /* Lower case, without accents or ligatures (text.fold): the order the pages sort titles in. */
  const LIGATURES = { "œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss" }
  function fold(text) {
    return String(text).replace(/[œŒæÆß]/g, (c) => LIGATURES[c]).toLowerCase().normalize("NFD").replace(/\p{M}/gu, "")
  }

  /* What a tool shows in place of its no-JavaScript note when the data cannot be read. */
  function unavailable(root, selector, message) {
    const note = root.querySelector(selector)
    if (note) note.textContent = message
  }

  window.referentielTools = Object.freeze({
    element, checkbox, siteOf, pageLink, fetchJSON, labels, scalesOf, levelText, fold, unavailable, UNSPECIFIED,
  })
})()
