// scalePhoto draws a photo onto a canvas no larger than MaxSide (1600 px)
// on its long side and gives it back as a JPEG, before it is uploaded:
// the dashboard's report form and the anonymous report page both load
// this one copy. A file the browser cannot read as an image is given back
// as it is, and the server says why it refuses it.
// It resolves to { blob, name, w, h } (w and h only when it was scaled).
(function () {
  'use strict';
  var MAX = 1600, QUALITY = 0.85;
  window.scalePhoto = function (file) {
    return new Promise(function (resolve) {
      var url = URL.createObjectURL(file);
      var img = new Image();
      img.onload = function () {
        var w = img.naturalWidth, h = img.naturalHeight, k = Math.min(1, MAX / Math.max(w, h));
        var c = document.createElement('canvas');
        c.width = Math.max(1, Math.round(w * k));
        c.height = Math.max(1, Math.round(h * k));
        c.getContext('2d').drawImage(img, 0, 0, c.width, c.height);
        URL.revokeObjectURL(url);
        c.toBlob(function (b) {
          resolve(b ? { blob: b, name: file.name.replace(/\.[^.]*$/, '') + '.jpg', w: c.width, h: c.height } : { blob: file, name: file.name });
        }, 'image/jpeg', QUALITY);
      };
      img.onerror = function () { URL.revokeObjectURL(url); resolve({ blob: file, name: file.name }); };
      img.src = url;
    });
  };
})();
