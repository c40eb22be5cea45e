// Progressive enhancement for the staff consoles: in each form with a county list, the township
// list shows only that county's townships. Without this file the townships stay grouped by
// county (one list), and every form still works.
(() => {
  document.documentElement.classList.add('js');
  // The error summary of a refused form: bring it into view (GOV.UK error summary).
  document.getElementById('errors')?.focus();
  for (const county of document.querySelectorAll('[data-county-select]')) {
    const township = county.form?.querySelector('[data-township-select]');
    if (!township) continue;
    const filter = () => {
      for (const group of township.querySelectorAll('optgroup')) {
        const show = !county.value || group.dataset.county === county.value;
        group.hidden = !show;
        group.disabled = !show;
      }
      const selected = township.selectedOptions[0];
      if (selected?.parentElement?.disabled) township.value = '';
    };
    county.addEventListener('change', filter);
    township.addEventListener('change', () => {
      const group = township.selectedOptions[0]?.parentElement;
      if (group?.dataset.county && county.value !== group.dataset.county) county.value = group.dataset.county;
    });
    filter();
  }
})();
