// Progressive enhancement for the report form: county → township → village lists without reloads.
// The form works without this file (the "list villages" button re-renders the page server-side).
(() => {
  document.documentElement.classList.add('js');
  const county = document.querySelector('[data-county-select]');
  const township = document.querySelector('[data-township-select]');
  const village = document.querySelector('[data-village-select]');
  if (!county || !township || !village) return;

  const filterTownships = () => {
    for (const group of township.querySelectorAll('optgroup')) {
      const show = !county.value || group.dataset.county === county.value;
      group.hidden = !show;
      group.disabled = !show;
    }
    const selected = township.selectedOptions[0];
    if (selected?.parentElement?.disabled) township.value = '';
  };

  const loadVillages = async () => {
    const placeholder = village.options[0];
    village.replaceChildren(placeholder);
    if (!township.value) return;
    const group = township.selectedOptions[0]?.parentElement;
    if (group?.dataset.county && county.value !== group.dataset.county) county.value = group.dataset.county;
    const res = await fetch(`/api/v1/places?parent=${encodeURIComponent(township.value)}`);
    if (!res.ok) return;
    const { places } = await res.json();
    for (const p of places) village.add(new Option(p.name, p.code));
  };

  county.addEventListener('change', () => {
    filterTownships();
    loadVillages();
  });
  township.addEventListener('change', loadVillages);
  filterTownships();
})();

// The questionnaire of the chosen category (report forms): shown as soon as a category is chosen.
// Without this file the "questions for this category" button re-renders the form server-side.
(() => {
  const groups = document.querySelectorAll('[data-questions-for]');
  const radios = document.querySelectorAll('input[name="category"]');
  if (!groups.length || !radios.length) return;
  const sync = () => {
    const chosen = [...radios].find((r) => r.checked)?.value ?? '';
    for (const group of groups) {
      const show = group.dataset.questionsFor.split(' ').includes(chosen);
      group.hidden = !show;
      group.disabled = !show;
    }
  };
  for (const r of radios) r.addEventListener('change', sync);
  sync();
})();
