// The chat widget: sends the widget's form to the chat API and appends the answer without
// reloading the page. Without JavaScript the same form posts to the chat page instead.
// Text is inserted as text (never as HTML), so what a customer types is shown as typed.
(function () {
  "use strict";
  var STORE = "storefront-chat";

  function setUp(widget) {
    var form = widget.querySelector("[data-chat-form]");
    var log = widget.querySelector("[data-testid=chat-log]");
    var offer = widget.querySelector("[data-testid=chat-handoff]");
    if (!form || !log) return;

    function add(author, text, extra) {
      var item = document.createElement("li");
      item.setAttribute("data-testid", "chat-message");
      item.setAttribute("data-author", author);
      Object.keys(extra || {}).forEach(function (k) { item.setAttribute(k, extra[k]); });
      var who = document.createElement("strong");
      who.textContent = (author === "customer" ? widget.dataset.you : widget.dataset.bot) + ": ";
      item.appendChild(who);
      item.appendChild(document.createTextNode(text));
      log.appendChild(item);
      return item;
    }

    function showOffer(handoff) {
      if (!offer) return;
      offer.hidden = !handoff;
      ["ticket", "callback"].forEach(function (kind) {
        var link = offer.querySelector("[data-testid=chat-handoff-" + kind + "]");
        if (!link) return;
        link.hidden = !(handoff && handoff[kind]);
        if (handoff && handoff[kind]) link.href = handoff[kind];
      });
    }

    function answered(body) {
      form.elements.conversation.value = body.conversation;
      try { sessionStorage.setItem(STORE, body.conversation); } catch (e) { /* storage off: one page at a time */ }
      add("bot", body.reply, {"data-intent": body.intent, "data-facts": JSON.stringify(body.facts)});
      showOffer(body.handoff);
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = form.elements.message.value;
      if (!text.trim()) return;
      add("customer", text);
      form.elements.message.value = "";
      fetch(widget.dataset.api, {
        method: "POST",
        credentials: "same-origin",
        headers: {"Content-Type": "application/json", "Accept": "application/json"},
        body: JSON.stringify({conversation: form.elements.conversation.value || null, message: text})
      }).then(function (r) {
        return r.json().then(function (body) { return {ok: r.ok, body: body}; });
      }).then(function (res) {
        if (res.ok) answered(res.body);
        else add("error", res.body.message || res.body.error);
      }).catch(function () {
        add("error", widget.dataset.offline);
      });
    });

    // Carry the conversation from page to page within the tab.
    var saved = null;
    try { saved = sessionStorage.getItem(STORE); } catch (e) { saved = null; }
    if (saved) {
      fetch(widget.dataset.api + "/" + encodeURIComponent(saved), {credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (c) {
          if (!c || log.children.length) return;
          form.elements.conversation.value = c.conversation;
          c.messages.forEach(function (m) { add(m.author, m.text, m.intent ? {"data-intent": m.intent} : {}); });
          showOffer(c.handoff);
        })
        .catch(function () { /* the conversation simply starts afresh */ });
    }
  }

  document.querySelectorAll("[data-testid=chat-widget]").forEach(setUp);
})();
