// The report page's one script: photos chosen for a report or an addition
// are shrunk in the browser (scalePhoto, shared with the dashboard's
// form) and put back in the file input under neutral names (照片1.jpg…),
// so that the file name a phone gives (the time the photo was taken) is
// not even sent; more than the form takes are dropped with a word why.
// Without this script the form posts the photos as chosen, and the server
// still removes everything but the pixels.
(function () {
  'use strict';
  var input = document.getElementById('photo');
  if (!input || !window.scalePhoto || !window.Promise || !window.DataTransfer || !window.File) return;
  var hint = document.getElementById('photo-hint');
  var submit = input.form.querySelector('button[type=submit]');
  var max = parseInt(input.getAttribute('data-max') || '3', 10);
  var busy = false;
  var EXT = { 'image/jpeg': '.jpg', 'image/png': '.png', 'image/gif': '.gif', 'image/webp': '.webp' };
  input.addEventListener('change', function () {
    if (busy) return;
    var files = Array.prototype.slice.call(input.files || []);
    var dropped = Math.max(0, files.length - max);
    files = files.slice(0, max);
    if (!files.length) return;
    busy = true;
    submit.disabled = true;
    hint.textContent = '正在缩小照片…';
    Promise.all(files.map(window.scalePhoto)).then(function (ps) {
      var dt = new DataTransfer(), kept = 0;
      ps.forEach(function (p, i) {
        var ext = EXT[p.blob.type] || '';
        if (p.w) kept++;
        dt.items.add(new File([p.blob], '照片' + (i + 1) + ext, { type: p.blob.type }));
      });
      input.files = dt.files;
      hint.textContent = '已选 ' + ps.length + ' 张照片' + (dropped ? '（最多 ' + max + ' 张，多出的 ' + dropped + ' 张未选上）' : '') +
        (kept === ps.length ? '，已在手机上缩小。' : '；有 ' + (ps.length - kept) + ' 张未能在手机上缩小，将按原样上传，服务器会去掉拍摄时间、位置等信息。');
    }).catch(function () {
      hint.textContent = '照片未能在手机上缩小，将按原样上传，服务器会去掉拍摄时间、位置等信息。';
    }).then(function () {
      busy = false;
      submit.disabled = false;
    });
  });
})();
