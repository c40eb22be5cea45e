// Progressive enhancement for the report form: county → township → village lists without reloads.
// The form works without this file (the "list villages" button re-renders the page server-side).
(() => {
  document.documentElement.classList.add('js');
  // An error summary at the top of a form's section: bring it into view (GOV.UK error summary).
  document.getElementById('errors')?.focus();
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

// Proof-of-work before an anonymous report (see shared/domain/proof-of-work.ts): on submit, fetch
// a fresh challenge, find a nonce whose SHA-256 starts with `difficulty` zero bits (about a second
// on a phone), put `<challenge>:<nonce>` in the hidden `pow` field and submit. Without this script
// the form still posts, under the tighter budget for reports without a proof.
(() => {
  const pow = document.querySelector('input[data-pow]');
  const form = pow?.form;
  if (!form) return;
  // SHA-256 by hand: faster than crypto.subtle for many tiny messages, and it needs no HTTPS.
  const K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ]);
  const w = new Uint32Array(64);
  let buf = new Uint8Array(128);
  /** The first 32 bits of SHA-256 of an ASCII string. */
  const sha256First = (text) => {
    const n = text.length;
    const blocks = (n + 72) >> 6;
    if (buf.length < blocks * 64) buf = new Uint8Array(blocks * 64);
    for (let j = 0; j < n; j++) buf[j] = text.charCodeAt(j);
    buf[n] = 0x80;
    buf.fill(0, n + 1, blocks * 64 - 4);
    const bits = n * 8;
    buf[blocks * 64 - 4] = bits >>> 24;
    buf[blocks * 64 - 3] = (bits >>> 16) & 0xff;
    buf[blocks * 64 - 2] = (bits >>> 8) & 0xff;
    buf[blocks * 64 - 1] = bits & 0xff;
    let h0 = 0x6a09e667;
    let h1 = 0xbb67ae85;
    let h2 = 0x3c6ef372;
    let h3 = 0xa54ff53a;
    let h4 = 0x510e527f;
    let h5 = 0x9b05688c;
    let h6 = 0x1f83d9ab;
    let h7 = 0x5be0cd19;
    for (let b = 0; b < blocks; b++) {
      for (let i = 0; i < 16; i++) {
        const j = b * 64 + i * 4;
        w[i] = (buf[j] << 24) | (buf[j + 1] << 16) | (buf[j + 2] << 8) | buf[j + 3];
      }
      for (let i = 16; i < 64; i++) {
        const x = w[i - 15];
        const y = w[i - 2];
        const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
        const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
      }
      let a = h0;
      let c1 = h1;
      let c2 = h2;
      let c3 = h3;
      let e = h4;
      let f = h5;
      let g = h6;
      let h = h7;
      for (let i = 0; i < 64; i++) {
        const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
        const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        const t2 = (S0 + ((a & c1) ^ (a & c2) ^ (c1 & c2))) | 0;
        h = g;
        g = f;
        f = e;
        e = (c3 + t1) | 0;
        c3 = c2;
        c2 = c1;
        c1 = a;
        a = (t1 + t2) | 0;
      }
      h0 = (h0 + a) | 0;
      h1 = (h1 + c1) | 0;
      h2 = (h2 + c2) | 0;
      h3 = (h3 + c3) | 0;
      h4 = (h4 + e) | 0;
      h5 = (h5 + f) | 0;
      h6 = (h6 + g) | 0;
      h7 = (h7 + h) | 0;
    }
    return h0;
  };
  const solve = async (challenge, difficulty) => {
    for (let nonce = 0; ; nonce++) {
      if (Math.clz32(sha256First(`${challenge}:${nonce}`)) >= difficulty) return String(nonce);
      // Let the page breathe (the busy indicator keeps turning) every few thousand hashes.
      if (nonce % 4096 === 4095) await new Promise((ok) => setTimeout(ok));
    }
  };
  let solved = false;
  addEventListener('pageshow', (e) => {
    if (!e.persisted) return;
    solved = false;
    pow.value = '';
  });
  form.addEventListener('submit', async (event) => {
    const submitter = event.submitter;
    if (solved || submitter?.value === 'villages') return;
    event.preventDefault();
    submitter?.setAttribute('aria-busy', 'true');
    submitter?.setAttribute('aria-label', pow.dataset.pow);
    try {
      const res = await fetch('/api/v1/challenge', { cache: 'no-store' });
      if (res.ok) {
        const { challenge, difficulty } = await res.json();
        pow.value = `${challenge}:${await solve(challenge, difficulty)}`;
      }
    } catch {
      // No challenge (offline, or the check is off): the report goes without one.
    }
    solved = true;
    submitter?.removeAttribute('aria-busy');
    submitter?.removeAttribute('aria-label');
    if (form.requestSubmit) form.requestSubmit(submitter);
    else form.submit();
  });
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
