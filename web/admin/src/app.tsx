// The shell: sign-in until there is a key, then the header (Pedidos, Falhas,
// the language switch, Sair) and the screen of the hash's route.
import { useEffect, useMemo, useState } from "preact/hooks";
import { newApi } from "./api/client";
import { ApiContext } from "./api/context";
import { I18nContext, i18n, saveLang, savedLang, type Lang } from "./i18n";
import { href, useRoute, type Route } from "./router";
import { Failures, failuresHref } from "./screens/failures";
import { History } from "./screens/history";
import { OrderScreen } from "./screens/order";
import { Orders } from "./screens/orders";
import { SignIn } from "./screens/signin";
import { forgetKey, saveKey, savedKey } from "./session";

/** App is the whole screen. */
export function App() {
  const [lang, setLang] = useState<Lang>(savedLang);
  const [key, setKey] = useState<string | null>(savedKey);
  const [refused, setRefused] = useState(false);
  const route = useRoute();
  const words = useMemo(() => i18n(lang), [lang]);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `${words.t("appName")}`;
  }, [lang, words]);

  const api = useMemo(
    () =>
      key === null
        ? null
        : newApi(key, () => {
            forgetKey();
            setKey(null);
            setRefused(true);
          }),
    [key],
  );
  const switchLang = () => {
    const next: Lang = lang === "pt-BR" ? "en" : "pt-BR";
    saveLang(next);
    setLang(next);
  };
  const signOut = () => {
    forgetKey();
    setRefused(false);
    setKey(null);
  };

  return (
    <I18nContext.Provider value={words}>
      <header class="top">
        <a class="brand" href={href.orders()}>
          {words.t("appName")}
        </a>
        {api !== null && (
          <nav aria-label={words.t("mainNav")}>
            <a href={href.orders()} aria-current={route.name === "orders" ? "page" : undefined}>
              {words.t("navOrders")}
            </a>
            <a href={failuresHref} aria-current={route.name === "failures" ? "page" : undefined}>
              {words.t("navFailures")}
            </a>
          </nav>
        )}
        <div class="top-actions">
          <button type="button" lang={words.t("switchLanguageLang")} onClick={switchLang}>
            {words.t("switchLanguage")}
          </button>
          {api !== null && (
            <button type="button" onClick={signOut}>
              {words.t("signOut")}
            </button>
          )}
        </div>
      </header>
      {api === null ? (
        <SignIn
          notice={refused}
          onSignIn={(k) => {
            saveKey(k);
            setRefused(false);
            setKey(k);
          }}
        />
      ) : (
        <ApiContext.Provider value={api}>
          <Screen route={route} />
        </ApiContext.Provider>
      )}
    </I18nContext.Provider>
  );
}

function Screen({ route }: { route: Route }) {
  switch (route.name) {
    case "orders":
      return <Orders query={route.query} />;
    case "order":
      return <OrderScreen key={route.id} id={route.id} />;
    case "history":
      return <History key={route.id} id={route.id} />;
    case "failures":
      return <Failures query={route.query} />;
  }
}
