/* The self-assessment (page auto-evaluation/): the reader picks a target role (and, if they wish,
   their current role), rates themselves on each competency the target requires against the level
   descriptors of its scale, and gets the gap plan a career-path page would show, with the
   trainings reaching each required level. Everything happens in this page:

   - data: the framework's JSON export and the schema of this page's files, both read from this
     site (data-source, data-schema); nothing is sent anywhere;
   - the gap follows Framework.gap (referentiel/model.py): a line for each requirement not shown
     to be met, a level not given on either side kept as « non précisé » (unless both are not
     given), essential first, then the largest gap, then the title folded;
   - saving is opt-in: only while « Garder mes réponses » is ticked, under the one localStorage
     key data-storage-key; export and import use the same record, checked against the published
     schema (a subset of JSON Schema, validate() below: an unknown keyword is an error);
   - a record keeps, with each answer, the levels of the competency as they were shown, so a
     later version of the framework says what changed rather than mixing the two silently.

   Text from the data, the address or a file is set with textContent only (referentiel-data.js). */
(function () {
  "use strict"
  const root = document.getElementById("rf-selfassess")
  if (!root) return
  const tools = window.referentielTools
  const { element, fold, levelText } = tools
  const site = tools.siteOf(root)
  const pageLink = (text, page) => tools.pageLink(site, text, page)
  const KEY = root.dataset.storageKey
  const MAX_FILE = 10 * 1024 * 1024  // bytes; a record of 1,000 competencies is about 1.5 MB
  const UNDESCRIBED = "non décrit"
  const importance = tools.labels(root).importance || {}

  /* ---- The published schema, applied: the keywords it may use, and French messages. ---- */

  const ANNOTATIONS = new Set(["$schema", "title", "description"])
  const KEYWORDS = new Set([
    "type", "const", "properties", "required", "additionalProperties", "items", "pattern", "minimum", "maximum",
    "maxItems",
  ])
  const TYPES = {
    string: "un texte", integer: "un nombre entier", number: "un nombre", boolean: "vrai ou faux", null: "null",
    object: "un objet", array: "une liste",
  }

  function typeOf(value) {
    if (value === null) return "null"
    if (Array.isArray(value)) return "array"
    if (Number.isInteger(value)) return "integer"
    return typeof value
  }

  /* The first place where `value` breaks `schema`, as "where : what is wrong", or "". */
  function validate(schema, value, where) {
    for (const keyword of Object.keys(schema)) {
      if (!KEYWORDS.has(keyword) && !ANNOTATIONS.has(keyword)) throw new Error(`unsupported schema keyword ${keyword}`)
    }
    const place = where || "le fichier"
    const type = typeOf(value)
    if (schema.type) {
      const types = [].concat(schema.type)
      if (!types.some((t) => t === type || (t === "number" && type === "integer"))) {
        return `${place} : ${types.map((t) => TYPES[t] || t).join(" ou ")} attendu`
      }
    }
    if ("const" in schema && value !== schema.const) return `${place} : « ${schema.const} » attendu`
    if (type === "string" && schema.pattern && !new RegExp(schema.pattern, "u").test(value)) {
      return `${place} : valeur de forme inattendue`
    }
    if ((type === "integer" || type === "number") && "minimum" in schema && value < schema.minimum) {
      return `${place} : au moins ${schema.minimum} attendu`
    }
    if ((type === "integer" || type === "number") && "maximum" in schema && value > schema.maximum) {
      return `${place} : au plus ${schema.maximum} attendu`
    }
    if (type === "array") {
      if ("maxItems" in schema && value.length > schema.maxItems) return `${place} : au plus ${schema.maxItems} éléments`
      for (let index = 0; schema.items && index < value.length; index += 1) {
        const found = validate(schema.items, value[index], `${where}[${index}]`)
        if (found) return found
      }
    }
    if (type === "object") {
      for (const name of schema.required || []) {
        if (!Object.prototype.hasOwnProperty.call(value, name)) return `${place} : champ « ${name} » manquant`
      }
      const properties = schema.properties || {}
      for (const name of Object.keys(value)) {
        const inner = where ? `${where}.${name}` : name
        if (Object.prototype.hasOwnProperty.call(properties, name)) {
          const found = validate(properties[name], value[name], inner)
          if (found) return found
        } else if (schema.additionalProperties === false) {
          return `${place} : champ « ${name} » inconnu`
        }
      }
    }
    return ""
  }

  /* "2026-05-01" → "1er mai 2026", as the pages print dates. */
  function frenchDate(iso) {
    const [year, month, day] = String(iso).split("-").map(Number)
    const name = new Date(Date.UTC(year, month - 1, 1)).toLocaleDateString("fr-FR", { month: "long", timeZone: "UTC" })
    return `${day === 1 ? "1er" : day} ${name} ${year}`
  }

  function today() {
    const now = new Date()
    const two = (n) => String(n).padStart(2, "0")
    return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`
  }

  const plural = (n, word) => `${n} ${word}${n > 1 ? "s" : ""}`

  function build(data, schema) {
    const roles = new Map(data.roles.map((role) => [role.id, role]))
    const competencies = new Map(data.competencies.map((c) => [c.id, c]))
    const scales = tools.scalesOf(data)
    const required = new Map(data.roles.map((role) => [role.id, new Map(role.requirements.map((q) => [q.competency, q]))]))
    // competency id → [training, level reached], in the trainings' display order (Framework.trainings_by_competency)
    const trainingsBy = new Map(data.competencies.map((c) => [c.id, []]))
    for (const training of data.trainings) {
      for (const cover of training.covers) if (trainingsBy.has(cover.competency)) trainingsBy.get(cover.competency).push([training, cover.level])
    }

    // What the reader entered. answers: competency id → {level, title, levels}, levels as shown when answered.
    const state = { current: "", target: "", answers: new Map() }
    let flagged = new Map()  // competency id → what changed since the answer was given
    let history = null  // {version, date, changes: [text]} when answers come from a record

    /* The levels of a competency as the page shows them: its scale's labels and its descriptors. */
    function shown(id) {
      const descriptors = new Map(competencies.get(id).levels.map((l) => [l.level, l.descriptor]))
      return [...scales.get(id).values()].map((l) => ({
        level: l.level, label: l.label, descriptor: descriptors.has(l.level) ? descriptors.get(l.level) : null,
      }))
    }

    /* The reader's level: their answer, else what the current role requires (0: not required,
       null: required at a level not given), else null (« je ne sais pas »). */
    function levelOf(id) {
      if (state.answers.has(id)) return state.answers.get(id).level
      if (!state.current) return null
      const requirement = required.get(state.current).get(id)
      return requirement ? requirement.level : 0
    }

    /* Framework.gap, with the reader's levels as the origin role's. */
    function gaps() {
      const lines = []
      for (const requirement of roles.get(state.target).requirements) {
        const now = levelOf(requirement.competency)
        const due = requirement.level === null ? now !== null : now === null || requirement.level > now
        if (!due) continue
        const reach = requirement.level || 1
        lines.push({
          competency: competencies.get(requirement.competency), now, required: requirement.level,
          importance: requirement.importance,
          difference: now === null || requirement.level === null ? null : requirement.level - now,
          trainings: trainingsBy.get(requirement.competency).filter(([, level]) => level >= reach).map(([t]) => t),
        })
      }
      const rank = (g) => [g.importance !== "essential" ? 1 : 0, g.difference === null ? 1 : 0, -(g.difference || 0)]
      return lines.sort((a, b) => {
        const x = rank(a), y = rank(b)
        for (let i = 0; i < x.length; i += 1) if (x[i] !== y[i]) return x[i] - y[i]
        const p = fold(a.competency.title), q = fold(b.competency.title)
        return p < q ? -1 : p > q ? 1 : 0
      })
    }

    /* The role page's order: essential first, then the highest level, a level not given last. */
    function questionsOrder(role) {
      const rank = (q) => [q.importance === "essential" ? 0 : 1, q.level === null ? 1 : 0, -(q.level || 0)]
      return [...role.requirements].sort((a, b) => {
        const x = rank(a), y = rank(b)
        for (let i = 0; i < x.length; i += 1) if (x[i] !== y[i]) return x[i] - y[i]
        return 0
      })
    }

    function record() {
      return {
        format: schema.properties.format.const,
        framework: { version: data.version, date: data.date },
        roles: { current: state.current || null, target: state.target || null },
        answers: [...state.answers].map(([id, answer]) => ({
          competency: id, title: answer.title, level: answer.level, levels: answer.levels,
        })),
      }
    }

    /* What differs between the levels an answer was given on and the current ones. */
    function differences(answer, competency) {
      const found = []
      if (answer.title !== competency.title) found.push(`intitulé modifié (auparavant « ${answer.title} »)`)
      const before = new Map(answer.levels.map((l) => [l.level, l]))
      const now = new Map(shown(competency.id).map((l) => [l.level, l]))
      for (const number of [...new Set([...before.keys(), ...now.keys()])].sort((a, b) => a - b)) {
        const old = before.get(number), current = now.get(number)
        if (!old) found.push(`niveau ${number} ajouté`)
        else if (!current) found.push(`niveau ${number} retiré`)
        else {
          if (old.label !== current.label) found.push(`libellé du niveau ${number} modifié`)
          if (old.descriptor !== current.descriptor) found.push(`descripteur du niveau ${number} modifié`)
        }
      }
      return found
    }

    /* Take a record (kept in this browser or imported) as the page's answers, noting what changed. */
    function apply(saved) {
      const changes = []
      const answers = new Map()
      flagged = new Map()
      for (const answer of saved.answers) {
        const competency = competencies.get(answer.competency)
        if (!competency) {
          changes.push(`${answer.title} : compétence absente de cette version, réponse écartée`)
          continue
        }
        const what = differences(answer, competency)
        let level = answer.level
        if (level !== null && level !== 0 && !scales.get(competency.id).has(level)) {
          what.push(`le niveau ${level} n’existe plus, réponse remise à « je ne sais pas »`)
          level = null
        }
        answers.set(competency.id, { level, title: answer.title, levels: answer.levels })
        if (what.length) {
          flagged.set(competency.id, what)
          changes.push(`${competency.title} : ${what.join(", ")}`)
        }
      }
      const role = (id, name) => {
        if (id === null || roles.has(id)) return id || ""
        changes.push(`${name} « ${id} » : rôle absent de cette version, choix écarté`)
        return ""
      }
      state.target = role(saved.roles.target, "rôle visé")
      state.current = role(saved.roles.current, "rôle actuel")
      state.answers = answers
      history = { version: saved.framework.version, date: saved.framework.date, changes }
    }

    /* ---- The page ---- */

    root.replaceChildren()
    const section = (title, className) => {
      const part = element("section", undefined, className)
      part.append(element("h2", title))
      root.append(part)
      return part
    }
    const field = (labelText, control, className) => {
      const label = element("label", labelText)
      label.htmlFor = control.id
      const wrap = element("div", undefined, className || "rf-selfassess__field")
      wrap.append(label, control)
      return wrap
    }
    const button = (text, action) => {
      const node = element("button", text, "md-button")
      node.type = "button"
      node.addEventListener("click", action)
      return node
    }

    // 1. roles
    const rolesPart = section("Vos rôles", "rf-selfassess__roles")
    const sorted = [...roles.values()].sort((a, b) => a.title.localeCompare(b.title, "fr"))
    const select = (id, empty) => {
      const node = element("select")
      node.id = id
      node.append(new Option(empty, ""))
      for (const role of sorted) node.append(new Option(role.title, role.id))
      return node
    }
    const targetSelect = select("rf-selfassess-target", "— choisissez un rôle —")
    const currentSelect = select("rf-selfassess-current", "— aucun —")
    rolesPart.append(field("Rôle visé", targetSelect), field("Rôle actuel (facultatif)", currentSelect))

    // 2. keeping, export, import, print
    const keepPart = section("Vos réponses", "rf-selfassess__keep")
    const [keepField, keep] = tools.checkbox(
      "rf-selfassess-keep", "Garder mes réponses dans ce navigateur", "rf-selfassess__field rf-selfassess__toggle",
    )
    const fileInput = element("input")
    fileInput.type = "file"
    fileInput.id = "rf-selfassess-import"
    fileInput.accept = ".json,application/json"
    const actions = element("div", undefined, "rf-selfassess__actions")
    actions.append(
      button("Effacer mes réponses", erase), button("Exporter mes réponses", exportFile),
      button("Imprimer le plan", () => window.print()),
    )
    const message = element("p", "", "rf-selfassess__message")
    message.setAttribute("role", "status")
    const problem = element("p", "", "rf-selfassess__problem")
    problem.setAttribute("role", "alert")
    const changesBox = element("div", undefined, "rf-selfassess__changes")
    changesBox.setAttribute("aria-live", "polite")
    keepPart.append(keepField, actions, field("Importer un fichier de réponses (JSON)", fileInput), message, problem,
      changesBox)

    // 3. questions
    const questionsPart = section("Vos niveaux", "rf-selfassess__questions")
    const questions = element("div")
    questionsPart.append(questions)

    // 4. the plan
    const planPart = section("Votre plan de progression", "rf-selfassess__plan")
    const status = element("p", "", "rf-selfassess__status")
    status.setAttribute("role", "status")
    const plan = element("div")
    planPart.append(status, plan)

    function say(text) {
      message.textContent = text
      problem.textContent = ""
    }

    function save() {
      if (!keep.checked) return
      try {
        localStorage.setItem(KEY, JSON.stringify(record()))
      } catch (error) {
        problem.textContent = "Vos réponses n’ont pas pu être gardées dans ce navigateur (stockage local indisponible ou plein) ; exportez-les dans un fichier pour les conserver."
      }
    }

    function forget() {
      try { localStorage.removeItem(KEY) } catch (error) { /* nothing was kept */ }
    }

    function renderChanges() {
      changesBox.replaceChildren()
      if (!history) return
      const differ = history.version !== data.version || history.date !== data.date
      if (differ) {
        changesBox.append(element("p",
          `Ces réponses ont été données sur la version ${history.version} du référentiel (du ${frenchDate(history.date)}) ; ` +
          `cette page montre la version ${data.version} (du ${frenchDate(data.date)}).`))
      }
      if (history.changes.length) {
        changesBox.append(element("p", differ ? "Ont changé depuis vos réponses :" : "Ont changé depuis vos réponses, dans cette même version :"))
        const list = element("ul")
        for (const change of history.changes) list.append(element("li", change))
        changesBox.append(list)
        changesBox.append(element("p", "Les réponses concernées sont signalées « à vérifier » ; relisez les niveaux et choisissez de nouveau, ou gardez votre réponse."))
      } else if (differ) {
        changesBox.append(element("p", "Aucune des compétences que vous aviez évaluées n’a changé depuis."))
      }
    }

    function answer(id, level) {
      state.answers.set(id, { level, title: competencies.get(id).title, levels: shown(id) })
      flagged.delete(id)
      save()
      renderPlan()
    }

    function renderQuestions() {
      questions.replaceChildren()
      if (!state.target) {
        questions.append(element("p", "Choisissez d’abord le rôle visé : ses compétences s’affichent ici."))
        return
      }
      const role = roles.get(state.target)
      questions.append(element("p", `${role.title} demande ${plural(role.requirements.length, "compétence")}. ` +
        "Pour chacune, choisissez le niveau qui décrit ce que vous faites aujourd’hui."))
      questionsOrder(role).forEach((requirement, index) => {
        const id = requirement.competency
        const competency = competencies.get(id)
        const levels = scales.get(id)
        const box = element("fieldset", undefined, "rf-selfassess__question")
        box.append(element("legend", competency.title))
        box.append(element("p", `Niveau requis : ${levelText(levels, requirement.level)}, ` +
          `${importance[requirement.importance] || requirement.importance}.`, "rf-selfassess__required"))
        if (flagged.has(id)) {
          const note = element("p", undefined, "rf-selfassess__flag")
          note.append(`À vérifier : ${flagged.get(id).join(", ")} depuis votre réponse. `,
            button("Garder ma réponse", () => {
              answer(id, state.answers.get(id).level)
              note.remove()
            }))
          box.append(note)
        }
        const now = levelOf(id)
        const options = [
          ["", "Je ne sais pas", null], ["0", "Aucun de ces niveaux pour l’instant", 0],
          ...shown(id).map((l) => [String(l.level), `${l.level} — ${l.label}`, l.level, l.descriptor]),
        ]
        for (const [value, text, level, descriptor] of options) {
          const input = element("input")
          input.type = "radio"
          input.name = `rf-selfassess-q${index}`
          input.id = `rf-selfassess-q${index}-${value || "x"}`
          input.value = value
          input.checked = level === now
          input.addEventListener("change", () => { if (input.checked) answer(id, level) })
          const label = element("label")
          label.htmlFor = input.id
          label.append(element("span", text, "rf-selfassess__level"))
          if (level) {
            label.append(" : ", descriptor === null ? element("span", UNDESCRIBED, "rf-none") : descriptor)
          }
          const option = element("div", undefined, "rf-selfassess__option")
          option.append(input, label)
          box.append(option)
        }
        questions.append(box)
      })
    }

    function renderPlan() {
      plan.replaceChildren()
      if (!state.target) {
        status.textContent = "Choisissez le rôle visé pour obtenir votre plan."
        return
      }
      const target = roles.get(state.target)
      const current = state.current ? roles.get(state.current) : null
      const heading = element("p", undefined, "rf-selfassess__for")
      heading.append("Rôle visé : ", pageLink(target.title, target.page), ". Rôle actuel : ",
        current ? pageLink(current.title, current.page) : "aucun", ".")
      const edition = element("p",
        `Référentiel version ${data.version} du ${frenchDate(data.date)} ; plan établi le ${frenchDate(today())}.`,
        "rf-selfassess__edition")
      plan.append(heading, edition)
      const lines = gaps()
      const total = target.requirements.length
      const answered = target.requirements.filter((q) => state.answers.has(q.competency)).length
      const rated = `${answered} réponse${answered > 1 ? "s" : ""} sur ${plural(total, "compétence")} demandée${total > 1 ? "s" : ""}`
      if (!lines.length) {
        status.textContent = `${target.title} : vos niveaux atteignent chaque niveau requis (${rated}).`
        plan.append(element("p", "Vos niveaux atteignent chaque niveau requis par ce rôle : aucune compétence à faire progresser."))
        return
      }
      status.textContent = `${target.title} : ${plural(lines.length, "compétence")} à faire progresser (${rated}).`
      const table = element("table")
      table.append(element("caption", "Compétences à faire progresser"))
      const headRow = element("tr")
      for (const title of ["Compétence", "Votre niveau", "Niveau requis", "Écart", "Importance", "Formations qui y mènent"]) {
        const cell = element("th", title)
        cell.scope = "col"
        headRow.append(cell)
      }
      const thead = element("thead")
      thead.append(headRow)
      const tbody = element("tbody")
      for (const line of lines) {
        const levels = scales.get(line.competency.id)
        const row = element("tr")
        const head = element("th")
        head.scope = "row"
        head.append(pageLink(line.competency.title, line.competency.page))
        const mine = element("td", levelText(levels, line.now))
        if (flagged.has(line.competency.id)) mine.append(element("span", " (à vérifier)", "rf-selfassess__check"))
        const reach = element("td")
        line.trainings.forEach((training, index) => {
          if (index) reach.append(" ; ")
          reach.append(pageLink(training.title, training.page))
        })
        if (!line.trainings.length) reach.append(element("span", "aucune formation référencée", "rf-none"))
        row.append(head, mine, element("td", levelText(levels, line.required)),
          element("td", line.difference === null ? tools.UNSPECIFIED : `+${line.difference}`),
          element("td", importance[line.importance] || line.importance), reach)
        tbody.append(row)
      }
      table.append(thead, tbody)
      const wrap = element("div", undefined, "rf-selfassess__table")
      wrap.append(table)
      plan.append(wrap)
    }

    function renderAll() {
      targetSelect.value = state.target
      currentSelect.value = state.current
      renderChanges()
      renderQuestions()
      renderPlan()
    }

    function erase() {
      state.answers = new Map()
      state.target = ""
      state.current = ""
      flagged = new Map()
      history = null
      keep.checked = false
      forget()
      renderAll()
      say("Vos réponses ont été effacées de cette page et de ce navigateur.")
    }

    function exportFile() {
      const name = `auto-evaluation-${state.target || "sans-role"}-${today()}.json`
      const blob = new Blob([JSON.stringify(record(), null, 2) + "\n"], { type: "application/json" })
      const url = URL.createObjectURL(blob)
      const link = element("a")
      link.href = url
      link.download = name
      document.body.append(link)
      link.click()
      link.remove()
      setTimeout(() => URL.revokeObjectURL(url), 1000)
      say(`Vos réponses ont été exportées dans le fichier « ${name} » (dossier des téléchargements de votre navigateur).`)
    }

    function refuse(name, why) {
      message.textContent = ""
      problem.textContent = `Le fichier « ${name} » n’a pas été importé : ce n’est pas un fichier de réponses de cette page (${why}). Vos réponses n’ont pas changé.`
    }

    fileInput.addEventListener("change", () => {
      const file = fileInput.files && fileInput.files[0]
      if (!file) return
      fileInput.value = ""
      if (file.size > MAX_FILE) return refuse(file.name, "fichier de plus de 10 Mo")
      file.text().then((text) => {
        let saved
        try {
          saved = JSON.parse(text)
        } catch (error) {
          return refuse(file.name, "ce n’est pas du JSON lisible")
        }
        const wrong = validate(schema, saved, "")
        if (wrong) return refuse(file.name, wrong)
        apply(saved)
        renderAll()
        save()
        say(`Réponses importées depuis « ${file.name} » : ${plural(state.answers.size, "compétence")} évaluée${state.answers.size > 1 ? "s" : ""}.`)
      }, () => refuse(file.name, "fichier illisible"))
    })

    keep.addEventListener("change", () => {
      if (keep.checked) {
        save()
        if (!problem.textContent) say(`Vos réponses sont gardées dans ce navigateur (clé « ${KEY} »), jusqu’à ce que vous décochiez la case ou les effaciez.`)
      } else {
        forget()
        say("Vos réponses ne sont plus gardées dans ce navigateur ; elles restent affichées jusqu’à ce que vous quittiez la page.")
      }
    })
    targetSelect.addEventListener("change", () => {
      state.target = targetSelect.value
      save()
      renderQuestions()
      renderPlan()
    })
    currentSelect.addEventListener("change", () => {
      state.current = currentSelect.value
      save()
      renderQuestions()
      renderPlan()
    })

    // What this browser kept (when the reader asked), then the roles a link preselects (?cible=…&actuel=…).
    let kept = null
    try { kept = localStorage.getItem(KEY) } catch (error) { kept = null }
    if (kept !== null) {
      let saved = null
      try { saved = JSON.parse(kept) } catch (error) { saved = null }
      if (saved !== null && !validate(schema, saved, "")) {
        apply(saved)
        keep.checked = true
        say("Vos réponses gardées dans ce navigateur ont été reprises.")
      } else {
        problem.textContent = "Les réponses gardées dans ce navigateur ne sont pas lisibles : elles sont laissées telles quelles, et ne seront remplacées que si vous cochez « Garder mes réponses »."
      }
    }
    const address = new URLSearchParams(location.search)
    if (roles.has(address.get("cible"))) state.target = address.get("cible")
    if (roles.has(address.get("actuel"))) state.current = address.get("actuel")
    renderAll()
  }

  Promise.all([tools.fetchJSON(root.dataset.source), tools.fetchJSON(root.dataset.schema)])
    .then(([data, schema]) => build(data, schema), () => tools.unavailable(root, ".rf-selfassess__nojs",
      "Les données du référentiel n’ont pas pu être lues : consultez les pages des rôles et les parcours."))
})()
