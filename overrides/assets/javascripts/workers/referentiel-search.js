/*
 * The site's search worker: Material for MkDocs' own worker (lunr), made
 * accent-insensitive for French readers.
 *
 * Pages start this script instead of Material's worker (overrides/main.html), with
 * Material's worker named in the `worker` parameter of its address. It loads that
 * worker, then:
 *
 * - folds every indexed word and every query with the table the build wrote into the
 *   search index (`config.fold`, see referentiel/search.py): lower case, then each
 *   character replaced by its entry, so that "maitrise", "Maîtrise" and "MAÎTRISE" are
 *   one word. Words are folded after they are cut out of the text, so results still
 *   show and highlight the text as written, and title matches keep their weight;
 * - drops French elisions from queries: "d’œuvre" looks for "œuvre", not for every
 *   word starting with "d";
 * - weighs a word typed in full above the longer words it begins: Material looks for
 *   every word as a prefix ("opc*" finds OPC, OPCA and OPCO alike, and the rarer OPCO
 *   first), so each plain word of the query is also looked for as it is, with a boost
 *   ("opc^10 opc"): the OPC entry comes before OPCO's, and typing on still narrows;
 * - gives each result the words it highlighted, for the page it leads to to highlight
 *   them too (feature search.highlight): "reglementation" marks "Réglementation".
 *
 * It relies on Material's worker messages (SETUP, READY, QUERY, RESULT) and on lunr,
 * which that worker exposes as `self.lunr`; the browser tests (tests/browser/) check
 * the whole on the built site.
 */
"use strict"

/* Material's message types (SearchMessageType) */
const SETUP = 0
const QUERY = 2
const RESULT = 3

/* Elided article or pronoun at the start of a query word: l’, d’, qu’, jusqu’… */
const ELISION = /(^|[\s"«(+-])(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)['’]/giu

/* Folding table of the search index: character → folded form */
let table = {}

/**
 * Fold a string as referentiel.text.fold does: lower case, no accents, no ligatures.
 *
 * @param {string} value - Text
 * @returns {string} Folded text
 */
function fold(value) {
  return value.toLowerCase().replace(/[^\x00-\x7f]/gu, char => table[char] ?? char)
}

/* Boost of a word found as typed, over the same word as a prefix of longer ones */
const EXACT = 10

/* A plain word of a query: no operator (+ - * ~ ^ :), no quotation mark */
const PLAIN = /^[^\s+\-*~^:"]+$/u

/**
 * Look for each plain word of a query also as it is, with a boost.
 *
 * @param {string} query - Folded query
 * @returns {string} Query for Material's worker
 */
function exact(query) {
  if (query.includes("\""))
    return query
  return query.split(/\s+/u).filter(Boolean)
    .map(word => PLAIN.test(word) ? `${word}^${EXACT} ${word}` : word)
    .join(" ")
}

/* Messages to Material's worker: keep the table, fold the queries (this listener runs first) */
addEventListener("message", ({ data: message }) => {
  if (message.type === SETUP)
    table = message.data.config.fold ?? {}
  else if (message.type === QUERY)
    message.data = exact(fold(message.data.replace(ELISION, "$1")))
})

/* Messages from Material's worker: add each result's highlighted words to its terms */
const post = self.postMessage.bind(self)
self.postMessage = message => {
  if (message.type === RESULT)
    for (const item of message.data.items.flat())
      for (const field of [item.title, item.text])
        for (const [, word] of `${field ?? ""}`.matchAll(/<mark>([^<]*)<\/mark>/g))
          item.terms[word.toLowerCase()] = true
  post(message)
}

/* Material's worker, from the same folder (it loads lunr's languages from ../lunr) */
const worker = new URL(location.href).searchParams.get("worker") ?? ""
if (!/^search\.[0-9a-f]+\.min\.js$/.test(worker))
  throw new Error(`Unexpected search worker: ${worker}`)
importScripts(worker)

/* Fold every word after lunr's pipeline (so French stop words are still recognised) */
const run = self.lunr.Pipeline.prototype.run
self.lunr.Pipeline.prototype.run = function (tokens) {
  return run.call(this, tokens).map(token => token.update(fold))
}
