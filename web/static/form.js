// The report form: photos scaled in the browser to at most 1600 px before
// upload (scalePhoto, /static/photo/scale.js, shared with the anonymous
// report page), the location when the user allows it, and the answer shown in
// place. Without this script the form still posts as a plain form.
(function () {
  'use strict';
  var form = document.getElementById('report');
  if (!form || !window.fetch || !window.FormData || !window.Promise || !window.scalePhoto) return;
  var input = document.getElementById('photos');
  var list = document.getElementById('previews');
  var hint = document.getElementById('photo-hint');
  var submit = document.getElementById('submit');
  var max = parseInt(input.getAttribute('data-max') || '9', 10);
  var photos = [];

  function show() {
    list.textContent = '';
    photos.forEach(function (p, i) {
      var li = document.createElement('li');
      if (p.w) {
        var im = document.createElement('img');
        im.src = URL.createObjectURL(p.blob);
        im.alt = '照片 ' + (i + 1);
        li.appendChild(im);
      } else {
        li.appendChild(document.createTextNode(p.name));
      }
      var del = document.createElement('button');
      del.type = 'button';
      del.textContent = '删除';
      del.onclick = function () { photos.splice(i, 1); show(); };
      li.appendChild(del);
      list.appendChild(li);
    });
    hint.textContent = photos.length ? '已选 ' + photos.length + ' 张照片（已缩小到 1600 像素以内）。' : '每张照片在手机上先缩小到 1600 像素以内再上传。';
  }

  input.addEventListener('change', function () {
    var files = Array.prototype.slice.call(input.files || [], 0, Math.max(0, max - photos.length));
    input.value = '';
    submit.disabled = true;
    Promise.all(files.map(window.scalePhoto)).then(function (ps) {
      photos = photos.concat(ps);
      submit.disabled = false;
      show();
    });
  });

  var locate = document.getElementById('locate');
  var status = document.getElementById('loc-status');
  function where() {
    status.textContent = '正在定位…';
    navigator.geolocation.getCurrentPosition(function (p) {
      document.getElementById('lat').value = p.coords.latitude.toFixed(6);
      document.getElementById('lng').value = p.coords.longitude.toFixed(6);
      document.getElementById('acc').value = Math.round(p.coords.accuracy);
      status.textContent = '已获取位置（误差约 ' + Math.round(p.coords.accuracy) + ' 米），将随上报保存。';
    }, function () {
      status.textContent = '未能获取位置（未允许定位或信号弱），可在「地点」中填写。';
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  }
  if (navigator.geolocation) {
    locate.hidden = false;
    locate.onclick = where;
    if (navigator.permissions) {
      navigator.permissions.query({ name: 'geolocation' }).then(function (s) { if (s.state === 'granted') where(); }, function () {});
    }
  }

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var fd = new FormData(form);
    fd.delete('photo');
    photos.forEach(function (p) { fd.append('photo', p.blob, p.name); });
    submit.disabled = true;
    submit.textContent = '正在提交…';
    fetch(form.action, { method: 'POST', body: fd, credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (res) {
        var t = res.headers.get('Content-Type') || '';
        return t.indexOf('json') >= 0 ? res.json() : { error: '登录已过期或页面已失效，请刷新页面（必要时重新登录）后再提交。' };
      })
      .then(function (r) {
        if (r.error) throw new Error(r.error);
        var sec = document.createElement('section');
        sec.className = 'card result';
        sec.id = 'result';
        var h = document.createElement('h1');
        h.appendChild(document.createTextNode('已登记 '));
        var n = document.createElement('span');
        n.id = 'number';
        n.textContent = r.number;
        h.appendChild(n);
        var pre = document.createElement('pre');
        pre.className = 'reply';
        pre.id = 'reply';
        pre.textContent = r.reply + (r.photos ? '\n已附照片 ' + r.photos + ' 张。' : '') + (r.note ? '\n' + r.note : '');
        var follow = null;
        if (r.followUp) {
          follow = document.createElement('p');
          follow.className = 'hint';
          follow.id = 'follow-up';
          follow.textContent = r.followUp;
        }
        var p = document.createElement('p');
        p.className = 'buttons';
        if (r.url) {
          var a = document.createElement('a');
          a.className = 'button primary';
          a.id = 'hazard-link';
          a.href = r.url;
          a.textContent = '查看隐患详情';
          p.appendChild(a);
        }
        var again = document.createElement('a');
        again.className = 'button';
        again.href = '/hazards/new';
        again.textContent = '再报一条';
        p.appendChild(again);
        sec.appendChild(h);
        sec.appendChild(pre);
        if (follow) sec.appendChild(follow);
        sec.appendChild(p);
        var card = form.parentNode;
        card.parentNode.replaceChild(sec, card);
        window.scrollTo(0, 0);
      })
      .catch(function (e) {
        var err = document.getElementById('error');
        if (!err) {
          err = document.createElement('p');
          err.id = 'error';
          err.className = 'flash bad';
          form.parentNode.insertBefore(err, form);
        }
        err.textContent = e.message || '提交失败，请检查网络后重试。';
        submit.disabled = false;
        submit.textContent = '提交上报';
        err.scrollIntoView();
      });
  });
})();
