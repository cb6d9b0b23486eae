// juesuan web: drag-and-drop upload (each file its own request, so that one refused file does not stop the
// others), messages in Chinese, and the list of recent audits refreshed afterwards. Without this script the
// form posts the files as they are (the server takes up to 20 in one request).
(function () {
  "use strict";

  function token() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function say(list, text, kind) {
    var item = document.createElement("li");
    item.className = kind || "";
    item.textContent = text;
    list.appendChild(item);
    return item;
  }

  function refreshRecent() {
    if (window.htmx) {
      window.htmx.trigger(document.body, "refresh");
    }
  }

  function upload(file, list) {
    var line = say(list, "正在上传：" + file.name + " …", "busy");
    var body = new FormData();
    body.append("files", file, file.name);
    return fetch("/upload", {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRF-Token": token(), "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (data) {
        if (response.ok && data.audits && data.audits.length) {
          line.className = "ok";
          line.textContent = "已上传，正在审核：";
          var link = document.createElement("a");
          link.href = data.audits[0].page;
          link.textContent = file.name;
          line.appendChild(link);
        } else {
          line.className = "error";
          line.textContent = file.name + "：" + (data.detail || ("上传失败（" + response.status + "）"));
        }
      });
    }).catch(function () {
      line.className = "error";
      line.textContent = file.name + "：上传失败（无法连接服务器）";
    });
  }

  function uploadAll(files, list) {
    var chain = Promise.resolve();
    Array.prototype.forEach.call(files, function (file) {
      chain = chain.then(function () { return upload(file, list); });
    });
    return chain.then(refreshRecent);
  }

  function chosenName() {
    var form = document.getElementById("build-form");
    var input = document.getElementById("dataset");
    var shown = document.getElementById("dataset-chosen");
    if (!form || !input || !shown) {
      return;
    }
    form.classList.add("scripted");
    input.addEventListener("change", function () {
      shown.textContent = input.files.length ? "已选择：" + input.files[0].name : "";
    });
  }

  document.addEventListener("DOMContentLoaded", chosenName);

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("upload");
    var zone = document.getElementById("drop-zone");
    var input = document.getElementById("files");
    var list = document.getElementById("upload-messages");
    if (!form || !zone || !input || !list || !window.fetch) {
      return;
    }
    form.classList.add("scripted");
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("over");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.remove("over");
      });
    });
    zone.addEventListener("drop", function (event) {
      if (event.dataTransfer && event.dataTransfer.files.length) {
        uploadAll(event.dataTransfer.files, list);
      }
    });
    input.addEventListener("change", function () {
      if (input.files.length) {
        uploadAll(input.files, list).then(function () { input.value = ""; });
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (input.files.length) {
        uploadAll(input.files, list).then(function () { input.value = ""; });
      }
    });
  });
})();
