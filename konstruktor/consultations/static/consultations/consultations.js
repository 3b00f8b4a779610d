// Consultation line: insert a handbook article into the answer; name the personal-data operator
// of the chosen region in the consent text. No framework; delegated listeners survive htmx swaps.
(function () {
  "use strict";

  function articleCheckbox(id, title) {
    var list = document.getElementById("answer-articles");
    if (!list) return null;
    var box = list.querySelector('input[name="articles_used"][value="' + id + '"]');
    if (!box) {
      var item = document.createElement("li");
      var label = document.createElement("label");
      box = document.createElement("input");
      box.type = "checkbox";
      box.name = "articles_used";
      box.value = id;
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + title));
      item.appendChild(label);
      list.appendChild(item);
    }
    return box;
  }

  function insertArticle(button) {
    var area = document.getElementById("answer-text");
    if (!area) return;
    var d = button.dataset;
    var text = "«" + d.title + "»: " + d.url + (d.excerpt ? "\n" + d.excerpt : "");
    var start = typeof area.selectionStart === "number" ? area.selectionStart : area.value.length;
    var end = typeof area.selectionEnd === "number" ? area.selectionEnd : start;
    var before = area.value.slice(0, start);
    var after = area.value.slice(end);
    var gap = before === "" || /\n\n$/.test(before) ? "" : /\n$/.test(before) ? "\n" : "\n\n";
    var inserted = gap + text + "\n";
    area.value = before + inserted + after;
    area.focus();
    area.setSelectionRange(before.length + inserted.length, before.length + inserted.length);
    area.dispatchEvent(new Event("input", { bubbles: true }));
    var box = articleCheckbox(d.articleId, d.title);
    if (box) box.checked = true;
    button.textContent = "Вставлено";
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-insert-article]");
    if (!button) return;
    event.preventDefault();
    insertArticle(button);
  });

  function showOperator(select) {
    var data = document.getElementById("consent-operators");
    var placeholder = document.getElementById("consent-operator-placeholder");
    if (!data || !placeholder) return;
    var operators = JSON.parse(data.textContent);
    var label = operators[select.value] || placeholder.textContent;
    document.querySelectorAll("[data-consent-operator]").forEach(function (el) {
      el.textContent = label;
    });
  }

  document.addEventListener("change", function (event) {
    if (event.target.id === "id_region" && event.target.closest(".consultation-ask")) showOperator(event.target);
  });
  document.addEventListener("DOMContentLoaded", function () {
    var select = document.querySelector(".consultation-ask #id_region");
    if (select && select.value) showOperator(select);
  });
})();
