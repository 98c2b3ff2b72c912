/* The role comparison (page comparer/): reads the framework's JSON export from this site and
   draws, for two or three roles chosen by the reader, one table per domain with each role's
   required level and importance. Text from the data is set with textContent only (the helpers
   of referentiel-data.js). */
(function () {
  "use strict"
  const root = document.getElementById("rf-compare")
  if (!root) return
  const { element, checkbox, siteOf, pageLink: link, fetchJSON, labels, scalesOf, levelText, unavailable } =
    window.referentielTools
  const MAX = 3
  const site = siteOf(root)
  const pageLink = (text, page) => link(site, text, page)

  function preselected(known) {
    const wanted = new URLSearchParams(location.search).get("roles") || ""
    const ids = []
    for (const id of wanted.split(",")) {
      if (known.has(id) && !ids.includes(id) && ids.length < MAX) ids.push(id)
    }
    return ids
  }

  function build(data) {
    const levelsOf = scalesOf(data)  // each competency's own scale
    const roles = new Map(data.roles.map((role) => [role.id, role]))
    const competencies = data.competencies
    const required = new Map(data.roles.map((role) => [role.id, new Map(role.requirements.map((q) => [q.competency, q]))]))
    const importance = labels(root).importance

    root.replaceChildren()
    const form = element("form", undefined, "rf-compare__form")
    form.addEventListener("submit", (event) => event.preventDefault())
    const fieldset = element("fieldset")
    fieldset.append(element("legend", "Rôles à comparer"))
    const selects = []
    const names = ["Premier rôle", "Deuxième rôle", "Troisième rôle (facultatif)"]
    const sorted = [...roles.values()].sort((a, b) => a.title.localeCompare(b.title, "fr"))
    names.forEach((name, index) => {
      const id = `rf-compare-role-${index + 1}`
      const label = element("label", name)
      label.htmlFor = id
      const select = element("select")
      select.id = id
      select.append(new Option("— aucun —", ""))
      for (const role of sorted) select.append(new Option(role.title, role.id))
      const field = element("div", undefined, "rf-compare__field")
      field.append(label, select)
      fieldset.append(field)
      selects.push(select)
    })
    const [toggleField, toggle] = checkbox(
      "rf-compare-differences", "Seulement les différences", "rf-compare__field rf-compare__toggle",
    )
    fieldset.append(toggleField)
    form.append(fieldset)
    const status = element("p", "", "rf-compare__status")
    status.setAttribute("role", "status")
    status.setAttribute("aria-live", "polite")
    const results = element("div", undefined, "rf-compare__results")
    root.append(form, status, results)

    preselected(roles).forEach((id, index) => { selects[index].value = id })

    function chosen() {
      const ids = []
      for (const select of selects) if (select.value && roles.has(select.value) && !ids.includes(select.value)) ids.push(select.value)
      return ids
    }

    function cell(requirement) {
      if (!requirement) return "non demandée"
      const levels = levelsOf.get(requirement.competency)
      const known = requirement.level === null || levels.has(requirement.level)
      const level = known ? levelText(levels, requirement.level) : String(requirement.level)
      return `${level}, ${importance[requirement.importance] || requirement.importance}`
    }

    /* 1 when the competency is essential to one of the roles compared, else 0 */
    function rank(requirements) {
      return requirements.some((r) => r && r.importance === "essential") ? 1 : 0
    }

    /* The gap between the roles: highest required level minus lowest (0 for a role not requiring it) */
    function spread(requirements) {
      const levels = requirements.map((r) => (r ? r.level ?? 0 : 0))
      return Math.max(...levels) - Math.min(...levels)
    }

    function render() {
      const ids = chosen()
      results.replaceChildren()
      // the address keeps the choice (to share or bookmark it), commas left readable
      const search = ids.length ? `?roles=${ids.map(encodeURIComponent).join(",")}` : ""
      history.replaceState(null, "", location.pathname + search + location.hash)
      if (ids.length < 2) {
        status.textContent = "Choisissez au moins deux rôles différents."
        return
      }
      const maps = ids.map((id) => required.get(id))
      let shown = 0, common = 0, differences = 0
      for (const domain of data.domains) {
        const rows = []
        const lines = []
        for (const competency of competencies) {
          if (competency.domain !== domain.id) continue
          const requirements = maps.map((map) => map.get(competency.id))
          if (!requirements.some(Boolean)) continue
          lines.push({ competency, requirements })
        }
        // most important first: essential to one of the roles, then the widest gap, then by title
        lines.sort((a, b) => rank(b.requirements) - rank(a.requirements) || spread(b.requirements) - spread(a.requirements)
          || a.competency.title.localeCompare(b.competency.title, "fr"))
        for (const { competency, requirements } of lines) {
          if (requirements.every(Boolean)) common += 1
          const texts = requirements.map(cell)
          const differs = texts.some((text) => text !== texts[0])
          if (differs) differences += 1
          if (toggle.checked && !differs) continue
          const row = element("tr", undefined, differs ? "rf-compare__differs" : "")
          const head = element("th")
          head.scope = "row"
          head.append(pageLink(competency.title, competency.page))
          row.append(head)
          for (const text of texts) row.append(element("td", text))
          row.append(element("td", differs ? "≠ écart" : "= identique"))
          rows.push(row)
        }
        if (!rows.length) continue
        shown += rows.length
        const table = element("table")
        table.append(element("caption", domain.title))
        const headRow = element("tr")
        const corner = element("th", "Compétence")
        corner.scope = "col"
        headRow.append(corner)
        for (const id of ids) {
          const th = element("th")
          th.scope = "col"
          th.append(pageLink(roles.get(id).title, roles.get(id).page))
          headRow.append(th)
        }
        const last = element("th", "Écart")
        last.scope = "col"
        headRow.append(last)
        const thead = element("thead")
        thead.append(headRow)
        const tbody = element("tbody")
        tbody.append(...rows)
        table.append(thead, tbody)
        const wrap = element("div", undefined, "rf-compare__table")
        wrap.append(table)
        results.append(wrap)
      }
      const titles = ids.map((id) => roles.get(id).title).join(", ")
      const shared = common ? `${common} en commun` : "aucune compétence en commun"
      const count = (n, word) => `${n} ${word}${n > 1 ? "s" : ""}`
      status.textContent = `${titles} : ${shared}, ${count(differences, "écart")}, ${count(shown, "ligne")} affichée${shown > 1 ? "s" : ""}.`
      if (!common) results.prepend(element("p", "Ces rôles n’ont aucune compétence en commun.", "rf-compare__none"))
    }

    for (const select of selects) select.addEventListener("change", render)
    toggle.addEventListener("change", render)
    render()
  }

  fetchJSON(root.dataset.source)
    .then(build)
    .catch(() => unavailable(root, ".rf-compare__nojs",
      "Les données du référentiel n’ont pas pu être lues : consultez les pages des rôles et la matrice."))
})()
