// The foot of a paged list: "Carregar mais" while there is a next page, the
// error of the last call, and a polite live region with the count.
import { useI18n } from "../i18n";
import type { Paged } from "./paged";
import { ProblemView } from "./problem";

/** ListFoot is the paging control of list. */
export function ListFoot<T>({ list }: { list: Paged<T> }) {
  const { t } = useI18n();
  return (
    <div class="list-foot">
      {list.error !== undefined && <ProblemView error={list.error} onRetry={list.rows.length === 0 ? list.reload : list.loadMore} />}
      <p class="muted" aria-live="polite">
        {list.loading ? t("loading") : t("shownCount", { count: list.rows.length })}
        {!list.loading && !list.hasMore && list.rows.length > 0 && ` · ${t("endOfList")}`}
      </p>
      {list.hasMore && (
        <button type="button" class="load-more" onClick={list.loadMore} disabled={list.loading}>
          {t("loadMore")}
        </button>
      )}
    </div>
  );
}
