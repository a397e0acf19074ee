// Every page: confirmations on [data-confirm] buttons, an upload's size checked before it is sent.

document.addEventListener('click', (event) => {
  const button = event.target.closest('[data-confirm]');
  if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
});

document.addEventListener('submit', (event) => {
  const input = event.target.querySelector('input[type="file"][data-max-bytes]');
  const file = input?.files?.[0];
  if (file && file.size > Number(input.dataset.maxBytes)) {
    event.preventDefault();
    const mb = Number(input.dataset.maxBytes) / 1e6;
    window.alert(`${file.name} is larger than the ${mb} MB upload limit; split the article or ask an admin to raise max_upload_mb.`);
  }
});
