// The shop's chat widget: rasa-webchat (the React component from its `module` build) mounted with the
// shopper's signed session in `customData`, and product cards for the bot's suggestions.
//
// Rasa 3.6's socket.io channel emits a custom payload's `data` as the `bot_uttered` message; rasa-webchat
// hands any message that is not text, buttons, a generic template, an image or a video to `customComponent`,
// with the message's keys as props (plus `dispatch`, the widget's store). Our suggestions arrive that way as
// {type: "carousel", suggestion_id, products: [...]}.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("outfitter-widget-config").textContent);
  var h = window.React.createElement;

  function money(value, currency) {
    if (value === null || value === undefined) return "";
    var amount = Number(value).toFixed(2);
    return currency === "EUR" || !currency ? amount + " €" : amount + " " + currency;
  }

  // A click on a suggested product is recorded with the list it came from, then the link is followed.
  // keepalive lets the request finish while the browser leaves the page.
  function recordClick(list, product) {
    var call = {
      type: "track", event: "Product Clicked",
      properties: {
        product_id: product.sku, sku: product.sku, name: product.title, brand: product.brand,
        category: product.category, price: product.sale_price !== null ? product.sale_price : product.price,
        position: product.position, list_id: list.suggestion_id || null, match: product.match,
        url: product.url, image_url: product.image_url
      }
    };
    try {
      fetch("/api/events", {
        method: "POST", credentials: "same-origin", keepalive: true,
        headers: {"Content-Type": "application/json"}, body: JSON.stringify(call)
      });
    } catch (ignored) { /* the click still navigates */ }
  }

  function say(dispatch, title, payload) {
    dispatch({type: "ADD_NEW_USER_MESSAGE", text: title, nextMessageIsTooltip: false, hidden: false});
    dispatch({type: "EMIT_NEW_USER_MESSAGE", text: payload});
  }

  function Price(props) {
    var p = props.product;
    if (p.sale_price !== null && p.sale_price !== undefined) {
      return h("div", {className: "of-price"},
        h("span", {className: "of-sale"}, money(p.sale_price, p.currency)), " ",
        h("s", {className: "of-list", "aria-label": "was"}, money(p.price, p.currency)));
    }
    return h("div", {className: "of-price"}, money(p.price, p.currency));
  }

  function Card(props) {
    var p = props.product, list = props.list;
    var follow = function () { recordClick(list, p); };
    var buttons = (p.buttons || []).map(function (b, n) {
      return h("button", {
        key: n, type: "button", className: "of-card-button",
        onClick: function () { say(props.dispatch, b.title, b.payload); }
      }, b.title);
    });
    return h("article", {className: "of-card", "data-sku": p.sku, "data-position": p.position},
      h("a", {className: "of-card-link", href: p.url || "#", onClick: follow},
        // A catalog without pictures gets the one the app draws from the product's kind and colour.
        h("img", {className: "of-card-image", alt: p.title,
                  src: p.image_url || "/static/products/" + encodeURIComponent(p.sku) + ".svg"}),
        h("div", {className: "of-card-title"}, p.position + ". " + p.title)),
      h(Price, {product: p}),
      h("div", {className: "of-match of-match-" + p.match}, p.match + " match"),
      h("ul", {className: "of-reasons"}, (p.reasons || []).map(function (r, n) {
        return h("li", {key: n}, r);
      })),
      h("div", {className: "of-card-buttons"}, buttons));
  }

  function Suggestions(props) {
    if (props.type !== "carousel" || !props.products) {
      // Any other custom payload: its text, if it has one, rather than nothing.
      return props.text && props.text !== "undefined" ? h("div", {className: "rw-response"}, props.text) : null;
    }
    return h("div", {className: "of-cards", "data-suggestion-id": props.suggestion_id || ""},
      props.products.map(function (p) {
        return h(Card, {key: p.sku, product: p, list: props, dispatch: props.dispatch});
      }));
  }

  var mount = document.createElement("div");
  mount.id = "outfitter-chat";
  document.body.appendChild(mount);
  window.ReactDOM.render(h(window.WebChat.default, {
    socketUrl: config.socketUrl,
    socketPath: "/socket.io/",
    customData: {session: config.session},
    initPayload: "/greet",
    title: "Outfitter",
    subtitle: "Help choosing, orders and returns",
    inputTextFieldHint: "Type a message…",
    connectingText: "Connecting to the shop assistant…",
    // The conversation lives in this tab: it survives moving between pages and reloads, and a later visit
    // starts a new one, which the bot opens with what it knows of the shopper.
    params: {storage: "session"},
    customComponent: Suggestions,
    showFullScreenButton: true,
    mainColor: "#2f6f4f",
    userBackgroundColor: "#2f6f4f",
    userTextColor: "#ffffff",
    customMessageDelay: function () { return 150; },
    withRules: false
  }), mount);
})();
