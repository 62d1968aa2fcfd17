// The screen's words in pt-BR (the default) and English. `Messages` is the
// pt-BR table's keys, so a word missing from English fails to compile.
import { createContext } from "preact";
import { useContext } from "preact/hooks";

const pt = {
  appName: "orders-api · Admin",
  navOrders: "Pedidos",
  navFailures: "Falhas",
  signOut: "Sair",
  switchLanguage: "English",
  switchLanguageLang: "en",
  mainNav: "Navegação principal",

  signInTitle: "Entrar",
  signInIntro: "Cole uma chave de API (ou um token) da sua loja. Ela fica só nesta aba do navegador e some quando a aba é fechada.",
  apiKey: "Chave de API",
  signIn: "Entrar",
  signingIn: "Entrando…",
  sessionEnded: "A chave de API foi recusada (inválida, revogada ou expirada). Entre de novo.",
  keyRequired: "Informe a chave de API.",

  ordersTitle: "Pedidos",
  orderTitle: "Pedido {number}",
  historyTitle: "Histórico de Integração",
  historyOfOrder: "Pedido {number}",
  failuresTitle: "Falhas",
  failuresIntro: "Tentativas de integração de todos os pedidos da loja, das mais novas para as mais antigas.",

  filters: "Filtros",
  integrationStatus: "Status da integração",
  all: "Todos",
  neverIntegrated: "Nunca integrado",
  neverIntegratedHint: "Com um sistema: pedidos que nunca foram enviados a ele.",
  system: "Sistema",
  systemPlaceholder: "ex.: bling",
  errorCode: "Código de erro",
  errorCodePlaceholder: "ex.: customer.document_missing",
  periodFrom: "De",
  periodTo: "Até",
  period: "Período",
  number: "Número",
  apply: "Filtrar",
  clear: "Limpar",
  status: "Status",

  colNumber: "Número",
  colCustomer: "Cliente",
  colTotal: "Total",
  colPlacedAt: "Data do pedido",
  colStatus: "Status",
  colSystems: "Sistemas",
  colIntegration: "Integração",
  colActions: "Ações",
  colSystem: "Sistema",
  colMessage: "Mensagem",
  colOccurredAt: "Data e hora",
  colOrder: "Pedido",
  colErrorCode: "Código de erro",

  actions: "Ações",
  moreActions: "Ações adicionais",
  openHistory: "Histórico de Integração",
  openOrder: "Ver pedido",
  loadMore: "Carregar mais",
  loading: "Carregando…",
  noOrders: "Nenhum pedido encontrado.",
  noAttempts: "Nenhuma tentativa encontrada.",
  noSystems: "Ainda não enviado a nenhum sistema.",
  shownCount: "{count} exibidos",
  endOfList: "Fim da lista.",
  backToOrders: "Voltar aos pedidos",
  backToOrder: "Voltar ao pedido",

  details: "Detalhes",
  hideDetails: "Ocultar detalhes",
  detailsOf: "Detalhes da tentativa de {system}",
  action: "Ação",
  externalId: "ID no sistema",
  recordedAt: "Registrado em",
  attemptId: "ID da tentativa",
  detailsJson: "Dados de suporte",
  none: "—",

  customer: "Cliente",
  email: "E-mail",
  document: "Documento",
  total: "Total",
  placedAt: "Data do pedido",
  createdAt: "Criado em",
  updatedAt: "Atualizado em",
  orderStatus: "Status do pedido",
  overall: "Situação da integração",
  lastAttemptAt: "Última tentativa",
  attempts: "Tentativas",
  items: "Itens",
  sku: "SKU",
  itemName: "Produto",
  quantity: "Qtd.",
  unitPrice: "Preço unitário",
  integrations: "Integrações",
  noItems: "Sem itens.",

  "integration.none": "Não integrado",
  "integration.pending": "Pendente",
  "integration.success": "Concluído",
  "integration.error": "Erro",

  "order.pending": "Aguardando pagamento",
  "order.paid": "Pago",
  "order.invoiced": "Faturado",
  "order.shipped": "Enviado",
  "order.delivered": "Entregue",
  "order.canceled": "Cancelado",

  resend: "Reenviar",
  resendTo: "Reenviar para {system}",
  resendTitle: "Reenvio",
  resendIntro: "Pede ao conector do sistema que envie o pedido de novo; o registro pendente aparece na hora.",
  resending: "Solicitando…",
  resendRequested: "Reenvio para {system} solicitado.",
  resendAlreadyOpen: "Já havia um reenvio aberto para {system}; nenhum novo foi criado.",
  resendForbidden: "Só uma chave de administrador pode pedir reenvio.",
  openRequest: "Reenvio aberto: {state}",
  noOpenRequest: "Sem reenvio aberto",
  "request.queued": "na fila, aguardando o conector",
  "request.leased": "enviando (com o conector)",
  "request.done": "respondido",
  "request.failed": "abandonado",

  resendAll: "Reenviar todos",
  resendAllTitle: "Reenviar todos",
  resendAllNeedsSystem: "Para reenviar todos, filtre por um sistema.",
  bulkScope: "Pedidos cuja situação em {system} é Erro",
  bulkScopeCode: ", com o código de erro {code}",
  bulkScopeFrom: ", feitos a partir de {date}",
  bulkScopeTo: ", feitos até {date}",
  dryRunCounting: "Contando pedidos…",
  dryRunCount: "{matched} pedidos; {open} já têm reenvio aberto",
  dryRunNothing: "Nenhum pedido para reenviar com este filtro.",
  bulkReason: "Motivo (opcional)",
  bulkConfirm: "Confirmar reenvio",
  bulkBack: "Voltar",
  bulkStarting: "Iniciando…",
  jobProgress: "Progresso do reenvio",
  jobCounts: "{processed} de {matched} processados · {created} criados · {skipped} ignorados (já tinham reenvio aberto)",
  jobState: "Situação: {state}",
  jobError: "Motivo da falha: {error}",
  "job.running": "Em andamento",
  "job.succeeded": "Concluído",
  "job.canceled": "Cancelado",
  "job.failed": "Falhou",
  jobCancel: "Cancelar",
  jobCanceling: "Cancelando…",
  jobClose: "Fechar",

  "problem.network": "Não foi possível falar com o servidor. Verifique a conexão e tente novamente.",
  "problem.400": "A consulta tem um valor inválido.",
  "problem.401": "A chave de API foi recusada.",
  "problem.403": "Sua chave não tem permissão para isto.",
  "problem.404": "Pedido não encontrado.",
  "problem.409": "A operação conflita com o estado atual.",
  "problem.422": "Algum valor não foi aceito.",
  "problem.429": "Muitas requisições. Tente novamente em instantes.",
  "problem.503": "O serviço está indisponível. Tente novamente em instantes.",
  "problem.other": "Erro inesperado ({status}).",
  retryIn: "Tente novamente em {seconds} s.",
  requestId: "ID da requisição para o suporte: {id}",
  retry: "Tentar de novo",
  invalidPeriod: "A data final vem antes da inicial.",
};

/** The keys of the screen's words. */
export type MessageKey = keyof typeof pt;
type Messages = Record<MessageKey, string>;

const en: Messages = {
  appName: "orders-api · Admin",
  navOrders: "Orders",
  navFailures: "Failures",
  signOut: "Sign out",
  switchLanguage: "Português",
  switchLanguageLang: "pt-BR",
  mainNav: "Main navigation",

  signInTitle: "Sign in",
  signInIntro: "Paste an API key (or a token) of your store. It stays in this browser tab only and is gone when the tab closes.",
  apiKey: "API key",
  signIn: "Sign in",
  signingIn: "Signing in…",
  sessionEnded: "The API key was refused (invalid, revoked or expired). Sign in again.",
  keyRequired: "Enter the API key.",

  ordersTitle: "Orders",
  orderTitle: "Order {number}",
  historyTitle: "Integration history",
  historyOfOrder: "Order {number}",
  failuresTitle: "Failures",
  failuresIntro: "Integration attempts of every order of the store, newest first.",

  filters: "Filters",
  integrationStatus: "Integration status",
  all: "All",
  neverIntegrated: "Never integrated",
  neverIntegratedHint: "With a system: orders never sent to it.",
  system: "System",
  systemPlaceholder: "e.g. bling",
  errorCode: "Error code",
  errorCodePlaceholder: "e.g. customer.document_missing",
  periodFrom: "From",
  periodTo: "To",
  period: "Period",
  number: "Number",
  apply: "Filter",
  clear: "Clear",
  status: "Status",

  colNumber: "Number",
  colCustomer: "Customer",
  colTotal: "Total",
  colPlacedAt: "Placed at",
  colStatus: "Status",
  colSystems: "Systems",
  colIntegration: "Integration",
  colActions: "Actions",
  colSystem: "System",
  colMessage: "Message",
  colOccurredAt: "Date and time",
  colOrder: "Order",
  colErrorCode: "Error code",

  actions: "Actions",
  moreActions: "More actions",
  openHistory: "Integration history",
  openOrder: "View order",
  loadMore: "Load more",
  loading: "Loading…",
  noOrders: "No orders found.",
  noAttempts: "No attempts found.",
  noSystems: "Not sent to any system yet.",
  shownCount: "{count} shown",
  endOfList: "End of the list.",
  backToOrders: "Back to orders",
  backToOrder: "Back to the order",

  details: "Details",
  hideDetails: "Hide details",
  detailsOf: "Details of the {system} attempt",
  action: "Action",
  externalId: "ID in the system",
  recordedAt: "Recorded at",
  attemptId: "Attempt ID",
  detailsJson: "Support data",
  none: "—",

  customer: "Customer",
  email: "Email",
  document: "Document",
  total: "Total",
  placedAt: "Placed at",
  createdAt: "Created at",
  updatedAt: "Updated at",
  orderStatus: "Order status",
  overall: "Integration state",
  lastAttemptAt: "Last attempt",
  attempts: "Attempts",
  items: "Items",
  sku: "SKU",
  itemName: "Product",
  quantity: "Qty",
  unitPrice: "Unit price",
  integrations: "Integrations",
  noItems: "No items.",

  "integration.none": "Not integrated",
  "integration.pending": "Pending",
  "integration.success": "Done",
  "integration.error": "Error",

  "order.pending": "Awaiting payment",
  "order.paid": "Paid",
  "order.invoiced": "Invoiced",
  "order.shipped": "Shipped",
  "order.delivered": "Delivered",
  "order.canceled": "Canceled",

  resend: "Resend",
  resendTo: "Resend to {system}",
  resendTitle: "Resend",
  resendIntro: "Asks the system's connector to send the order again; the pending record shows at once.",
  resending: "Requesting…",
  resendRequested: "Resend to {system} requested.",
  resendAlreadyOpen: "A resend to {system} was open already; no new one was made.",
  resendForbidden: "Only an admin key may ask for a resend.",
  openRequest: "Open resend: {state}",
  noOpenRequest: "No open resend",
  "request.queued": "queued, waiting for the connector",
  "request.leased": "sending (with the connector)",
  "request.done": "answered",
  "request.failed": "given up",

  resendAll: "Resend all",
  resendAllTitle: "Resend all",
  resendAllNeedsSystem: "To resend all, filter by a system.",
  bulkScope: "Orders whose state in {system} is Error",
  bulkScopeCode: ", with the error code {code}",
  bulkScopeFrom: ", placed from {date}",
  bulkScopeTo: ", placed until {date}",
  dryRunCounting: "Counting orders…",
  dryRunCount: "{matched} orders; {open} already have an open resend",
  dryRunNothing: "No order to resend with this filter.",
  bulkReason: "Reason (optional)",
  bulkConfirm: "Confirm resend",
  bulkBack: "Back",
  bulkStarting: "Starting…",
  jobProgress: "Resend progress",
  jobCounts: "{processed} of {matched} processed · {created} created · {skipped} skipped (had an open resend)",
  jobState: "State: {state}",
  jobError: "Why it failed: {error}",
  "job.running": "Running",
  "job.succeeded": "Succeeded",
  "job.canceled": "Canceled",
  "job.failed": "Failed",
  jobCancel: "Cancel",
  jobCanceling: "Canceling…",
  jobClose: "Close",

  "problem.network": "Could not reach the server. Check the connection and try again.",
  "problem.400": "The query has an invalid value.",
  "problem.401": "The API key was refused.",
  "problem.403": "Your key may not do this.",
  "problem.404": "Order not found.",
  "problem.409": "The request conflicts with the current state.",
  "problem.422": "A value was not accepted.",
  "problem.429": "Too many requests. Try again shortly.",
  "problem.503": "The service is unavailable. Try again shortly.",
  "problem.other": "Unexpected error ({status}).",
  retryIn: "Try again in {seconds} s.",
  requestId: "Request ID for support: {id}",
  retry: "Try again",
  invalidPeriod: "The end date comes before the start date.",
};

/** A language of the screen, as a BCP 47 tag. */
export type Lang = "pt-BR" | "en";

const tables: Record<Lang, Messages> = { "pt-BR": pt, en };

/** The words of one language, with {name} placeholders filled in. */
export interface I18n {
  lang: Lang;
  t(key: MessageKey, vars?: Record<string, string | number>): string;
}

/** i18n returns the words of lang. */
export function i18n(lang: Lang): I18n {
  const table = tables[lang];
  return {
    lang,
    t(key, vars) {
      const text = table[key];
      return vars === undefined ? text : text.replace(/\{(\w+)\}/g, (m, name: string) => String(vars[name] ?? m));
    },
  };
}

/** I18nContext carries the current language's words down the tree. */
export const I18nContext = createContext<I18n>(i18n("pt-BR"));

/** useI18n returns the current language's words. */
export function useI18n(): I18n {
  return useContext(I18nContext);
}

const langKey = "orders-api.admin.lang";

/** savedLang is the language chosen before (not a secret: localStorage), pt-BR by default. */
export function savedLang(): Lang {
  return localStorage.getItem(langKey) === "en" ? "en" : "pt-BR";
}

/** saveLang remembers the chosen language. */
export function saveLang(lang: Lang): void {
  localStorage.setItem(langKey, lang);
}
