// "导出 Excel / CSV" beside a table's heading. The file is fetched with the bearer token (a link
// cannot carry it) and saved under the name the server gives in Content-Disposition.
import { addTexts, t } from "/i18n.js";

addTexts({
  zh: { exportXlsx: "导出 Excel", exportCsv: "导出 CSV", exporting: "导出中…", exportFailed: "导出未成功，请重试。", reportList: "报告明细" },
  en: { exportXlsx: "Export Excel", exportCsv: "Export CSV", exporting: "Exporting…", exportFailed: "The export did not go through; try again.", reportList: "Reports filed" },
});

/** The pair of buttons for the table the JSON endpoint at `path` answers; `token` reads the signed-in token. */
export function exportButtons(path, token, table) {
  const group = document.createElement("span");
  group.className = "export";
  group.dataset.testid = `export-${table}`;
  const status = document.createElement("span");
  status.className = "export-status";
  status.setAttribute("role", "status");
  const button = (format, label) => {
    const node = document.createElement("button");
    node.type = "button";
    node.className = "link";
    node.dataset.testid = `export-${table}-${format}`;
    node.textContent = t(label);
    node.addEventListener("click", async () => {
      node.disabled = true;
      status.textContent = t("exporting");
      try {
        await download(path, format, token());
        status.textContent = "";
      } catch {
        status.textContent = t("exportFailed");
      } finally {
        node.disabled = false;
      }
    });
    return node;
  };
  group.append(button("xlsx", "exportXlsx"), button("csv", "exportCsv"), status);
  return group;
}

async function download(path, format, token) {
  const url = new URL(path, location.origin);
  url.searchParams.set("format", format);
  const response = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!response.ok) throw new Error(`${response.status}`);
  const blob = await response.blob();
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = fileName(response.headers.get("Content-Disposition")) ?? `export.${format}`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

/** The UTF-8 `filename*` (with the unit's Chinese name) when given, else the ASCII `filename`. */
function fileName(disposition) {
  const utf8 = disposition?.match(/filename\*=UTF-8''([^;]+)/i);
  if (utf8) return decodeURIComponent(utf8[1]);
  return disposition?.match(/filename="?([^";]+)"?/i)?.[1] ?? null;
}
