// Progressive enhancement of the evidence field (functions/web/evidence-field.tsx): chosen files
// are listed with a "remove" button (files can be added in several rounds), and the form is sent
// with XMLHttpRequest so a progress bar shows the upload. Without this file the plain multipart
// form works the same; the server checks count, size and type either way.
(() => {
  const MAX_FILES = 6;
  const MAX_BYTES = 10 * 1024 * 1024;
  for (const field of document.querySelectorAll('[data-evidence]')) {
    if (field.dataset.enhanced) continue;
    field.dataset.enhanced = '1';
    const form = field.closest('form');
    const input = field.querySelector('[data-evidence-input]');
    const list = field.querySelector('[data-evidence-list]');
    const progress = field.querySelector('[data-evidence-progress]');
    const status = field.querySelector('[data-evidence-status]');
    if (!form || !input || !list || !progress || !status || !window.FormData || !window.XMLHttpRequest)
      continue;
    const t = JSON.parse(field.dataset.text || '{}');
    // Not form.action: the form has controls named "action" (the no-JavaScript village list
    // button), which shadow the property.
    const target = new URL(form.getAttribute('action') || location.href, location.href).href;
    const name = input.name;
    const chosen = [];

    const size = (n) =>
      n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
    const render = () => {
      list.replaceChildren();
      chosen.forEach((file, i) => {
        const li = document.createElement('li');
        const label = document.createElement('span');
        label.textContent = `${file.name} · ${size(file.size)}`;
        const remove = document.createElement('button');
        remove.type = 'button';
        remove.className = 'secondary outline';
        remove.textContent = t.remove;
        remove.setAttribute('aria-label', `${t.remove} ${file.name}`);
        remove.addEventListener('click', () => {
          chosen.splice(i, 1);
          render();
          input.focus();
        });
        li.append(label, remove);
        list.append(li);
      });
      list.hidden = chosen.length === 0;
    };

    input.addEventListener('change', () => {
      const notes = [];
      for (const file of input.files) {
        if (file.size > MAX_BYTES) notes.push(`${file.name}: ${t.tooLarge}`);
        else if (chosen.length >= MAX_FILES) notes.push(t.tooMany);
        else chosen.push(file);
      }
      // The list, not the input, holds the files now; the input is free for the next round.
      input.value = '';
      status.textContent = [...new Set(notes)].join('；');
      render();
    });

    form.addEventListener('submit', (event) => {
      if (chosen.length === 0) return; // nothing to upload: the ordinary submit
      event.preventDefault();
      const data = new FormData(form);
      data.delete(name);
      for (const file of chosen) data.append(name, file, file.name);
      const submitter = event.submitter;
      if (submitter?.name) data.set(submitter.name, submitter.value);
      const xhr = new XMLHttpRequest();
      xhr.open('POST', target);
      progress.hidden = false;
      progress.value = 0;
      status.textContent = t.uploading;
      for (const b of form.querySelectorAll('button')) b.disabled = true;
      xhr.upload.addEventListener('progress', (e) => {
        if (e.lengthComputable) progress.value = Math.round((e.loaded / e.total) * 100);
      });
      xhr.addEventListener('load', () => {
        // A redirect (303 after a follow-up upload) lands on its page; any other answer is shown as is.
        if (xhr.responseURL && xhr.responseURL !== target && xhr.status === 200) {
          window.location.assign(xhr.responseURL);
          return;
        }
        document.open();
        document.write(xhr.responseText);
        document.close();
      });
      xhr.addEventListener('error', () => {
        progress.hidden = true;
        status.textContent = t.failed;
        for (const b of form.querySelectorAll('button')) b.disabled = false;
      });
      xhr.send(data);
    });
  }
})();
