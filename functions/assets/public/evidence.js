// Progressive enhancement of the evidence field (functions/web/evidence-field.tsx): chosen files
// are listed with a "remove" button (files can be added in several rounds), and the form is sent
// with XMLHttpRequest so a progress bar shows the upload. Without this file the plain multipart
// form works the same; the server checks count, size and type either way.
//
// Where the field says `data-direct` (AWS, where a request body cannot carry the files), the files
// go straight to the evidence bucket with presigned POSTs instead: on the report form the report is
// sent first without them and the POSTs are asked of the reporter API with the new case's access
// key; on the follow-up page they are asked of the session (`data-direct` is that path). The
// server strips every file before anyone can see it.
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

    const disable = (on) => {
      for (const b of form.querySelectorAll('button')) b.disabled = on;
    };
    const showPage = (html) => {
      document.open();
      document.write(html);
      document.close();
    };

    /** One presigned POST, its progress reported as bytes sent so far. */
    const postToBucket = (upload, file, onProgress) =>
      new Promise((resolve, reject) => {
        const data = new FormData();
        for (const [k, v] of Object.entries(upload.fields)) data.append(k, v);
        data.append('file', file); // S3 ignores fields after the file: it must come last
        const xhr = new XMLHttpRequest();
        xhr.open('POST', upload.url);
        xhr.upload.addEventListener('progress', (e) => onProgress(e.loaded));
        xhr.addEventListener('load', () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : reject()));
        xhr.addEventListener('error', () => reject());
        xhr.send(data);
      });

    /** Asks for one POST per chosen file, then sends them one after another with one progress bar. */
    const sendDirect = async (askUrl, headers) => {
      const res = await fetch(askUrl, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ count: chosen.length }),
      });
      if (res.status !== 201) throw new Error('no uploads');
      const { uploads } = await res.json();
      const total = chosen.reduce((n, f) => n + f.size, 0) || 1;
      let done = 0;
      for (const [i, file] of chosen.entries()) {
        await postToBucket(uploads[i], file, (sent) => {
          progress.value = Math.round(((done + sent) / total) * 100);
        });
        done += file.size;
      }
    };

    /** The report first (without files), then the files for the case its answer names. */
    const reportThenFiles = (submitter) => {
      const data = new FormData(form);
      data.delete(name);
      if (submitter?.name) data.set(submitter.name, submitter.value);
      const xhr = new XMLHttpRequest();
      xhr.open('POST', target);
      xhr.addEventListener('load', async () => {
        const page = new DOMParser().parseFromString(xhr.responseText, 'text/html');
        const caseNumber = page.getElementById('case-number')?.textContent?.trim();
        const accessKey = page.getElementById('access-key')?.textContent?.replace(/\s/g, '');
        if (xhr.status !== 201 || !caseNumber || !accessKey) return showPage(xhr.responseText);
        const note = page.createElement('p');
        note.id = 'files-added';
        note.setAttribute('role', 'status');
        try {
          await sendDirect(`/api/v1/reports/${encodeURIComponent(caseNumber)}/evidence/uploads`, {
            'x-access-key': accessKey,
          });
          note.textContent = t.directDone;
        } catch {
          note.textContent = t.directFailed;
        }
        page.querySelector('dl.credentials')?.after(note);
        showPage(`<!doctype html>${page.documentElement.outerHTML}`);
      });
      xhr.addEventListener('error', () => {
        progress.hidden = true;
        status.textContent = t.failed;
        disable(false);
      });
      xhr.send(data);
    };

    form.addEventListener('submit', (event) => {
      if (chosen.length === 0) return; // nothing to upload: the ordinary submit
      // Another script holds this submit (the proof-of-work, which submits again once solved):
      // sending now as well would send the report and its files twice.
      if (event.defaultPrevented) return;
      event.preventDefault();
      if (field.dataset.direct) {
        progress.hidden = false;
        progress.value = 0;
        status.textContent = t.uploading;
        disable(true);
        if (field.dataset.direct === 'report') return reportThenFiles(event.submitter);
        sendDirect(field.dataset.direct, {}).then(
          () => {
            location.hash = 'evidence';
            location.reload();
          },
          () => {
            progress.hidden = true;
            status.textContent = t.failed;
            disable(false);
          },
        );
        return;
      }
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
