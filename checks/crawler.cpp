#include "checks/crawler.h"

#include <algorithm>

#include "core/parallel.h"
#include "core/text.h"
#include "checks/content_sniff.h"
#include "checks/extract.h"
#include "checks/html_charset.h"
#include "checks/office_text.h"
#include "checks/pdf_text.h"

namespace oit {

namespace {

bool is_asset_extension(const std::string& ext) {
  static const std::set<std::string> assets = {"css", "js", "mjs", "png", "jpg", "jpeg", "gif", "svg", "webp", "ico",
                                               "woff", "woff2", "ttf", "otf", "eot", "mp4", "mp3", "webm", "ogg",
                                               "wav", "avif", "bmp", "tif", "tiff", "xml", "json", "txt", "atom", "rss"};
  return assets.count(ext) > 0;
}

bool is_document_extension(const std::string& ext) {
  static const std::set<std::string> docs = {"pdf", "xlsx", "xls", "docx", "doc", "csv", "pptx", "ppt", "odt", "ods", "zip"};
  return docs.count(ext) > 0;
}

// Media types a browser downloads or hands to a viewer, never renders as a page.
bool is_document_type(const std::string& ct) {
  return ct == "application/pdf" || ct == "application/octet-stream" || ct == "application/msword" || ct == "application/vnd.ms-excel" ||
         ct == "application/zip" || ct.starts_with("application/vnd.openxmlformats-officedocument.") ||
         ct.starts_with("application/vnd.oasis.opendocument.");
}


}  // namespace

bool crawl_reads_as_html(const FetchResult& r, const Url& u) {
  const std::string& ct = r.content_type;
  std::string ext = url_extension(u);
  if (is_document_extension(ext)) return false;  // a page served under a document's name is not read
  return ct == "text/html" || ct == "application/xhtml+xml" ||
         (ct.empty() && (ext.empty() || ext == "html" || ext == "htm") && looks_like_html(r.body));
}

Crawler::Crawler(CrawlOptions options, SiteData& site, Source* folder, Source& remote,
                 std::chrono::steady_clock::time_point deadline, Progress* progress)
    : o_(options), site_(site), folder_(folder), remote_(remote), deadline_(deadline), progress_(progress) {}

bool Crawler::internal(const Url& u) const { return same_site(u, site_.base); }

std::string Crawler::not_asked(const Url& u) const {
  if (o_.offline) return "not checked (--offline)";
  if (o_.no_external && !internal(u)) return "not checked (--no-external)";
  return "";
}

void Crawler::run(const std::vector<std::string>& item_urls, const std::vector<std::string>& other_pages) {
  for (const auto& u : item_urls) {
    State& s = state_[u];
    s.body = true;
    s.depth = 0;
    s.item = true;
  }
  fetch_wave();
  for (const auto& u : other_pages) {
    State& s = state_[u];
    s.body = true;
    s.depth = std::min(s.depth, 0);
  }
  while (fetch_wave()) {
  }
  // Everything else that is linked: status only.
  std::vector<std::string> rest;
  for (auto& [k, s] : state_)
    if (!s.fetched) rest.push_back(k);
  fetch(rest, false);
  // Pages whose links are checked, in a stable order.
  std::sort(site_.pages.begin(), site_.pages.end());
}

std::vector<FetchResult> Crawler::get(const std::vector<std::string>& urls) {
  std::vector<FetchResult> out(urls.size());
  std::vector<std::string> from_folder, from_remote;
  std::vector<size_t> folder_at, remote_at;
  for (size_t i = 0; i < urls.size(); ++i) {
    auto u = parse_url(urls[i]);
    out[i].url = out[i].final_url = urls[i];
    if (!u || !u->is_http()) {
      out[i].error = "not an http(s) URL";
    } else if (folder_ && folder_->covers(*u)) {
      from_folder.push_back(urls[i]);
      folder_at.push_back(i);
    } else if (auto why = not_asked(*u); !why.empty()) {
      out[i].error = why;
    } else {
      from_remote.push_back(urls[i]);
      remote_at.push_back(i);
    }
  }
  // The folder's few files are read whatever the clock says: the crawl before them was bounded.
  if (!from_folder.empty()) {
    auto got = folder_->fetch_all(from_folder, true, std::chrono::steady_clock::time_point::max());
    for (size_t k = 0; k < got.size(); ++k) out[folder_at[k]] = std::move(got[k]);
  }
  if (!from_remote.empty()) {
    auto got = remote_.fetch_all(from_remote, true, deadline_);
    for (size_t k = 0; k < got.size(); ++k) out[remote_at[k]] = std::move(got[k]);
  }
  return out;
}

// One round of GETs; false when there was nothing to get.
bool Crawler::fetch_wave() {
  std::vector<std::string> batch;
  for (auto& [k, s] : state_)
    if (s.body && !s.fetched) batch.push_back(k);
  if (batch.empty()) return false;
  fetch(batch, true);
  return true;
}

void Crawler::fetch(const std::vector<std::string>& keys, bool body) {
  if (progress_) progress_->set_total(state_.size());
  std::vector<std::string> from_folder, from_remote;
  for (const auto& k : keys) {
    state_[k].fetched = true;
    auto u = parse_url(k);
    if (!u) continue;
    if (folder_ && folder_->covers(*u)) {
      from_folder.push_back(k);
    } else if (auto why = not_asked(*u); !why.empty()) {
      FetchResult r;
      r.url = r.final_url = k;
      r.error = why;
      store(k, *u, std::move(r), false, std::nullopt);
      if (progress_) progress_->add();
    } else {
      from_remote.push_back(k);
    }
  }
  if (folder_) read_from(*folder_, from_folder, body, true);
  read_from(remote_, from_remote, body, false);
}

// Bodies digested (parsed, dropped) as they come: memory is the source's batch plus what it holds.
void Crawler::read_from(Source& source, const std::vector<std::string>& keys, bool body, bool count_progress) {
  source.fetch(keys, body, deadline_, [&](AnswerBatch& batch) {
    std::vector<Answer> got;
    got.reserve(batch.size());
    for (auto& [i, r] : batch) got.push_back({keys[i], *parse_url(keys[i]), std::move(r), {}});
    parallel_each(got.size(), o_.jobs, [&](size_t j, unsigned) { parse(got[j], body); });
    for (auto& a : got) store(a.key, a.url, std::move(a.result), true, std::move(a.page));
    if (count_progress && progress_) progress_->add(got.size());
  });
}

// A page cut at the body cap (endless, or a compression bomb) is not parsed: it is reported as is.
void Crawler::parse(Answer& a, bool body) const {
  if (body && a.result.ok() && !a.result.truncated && crawl_reads_as_html(a.result, a.url)) {
    ExtractLimits limits;
    limits.deadline = deadline_;
    auto utf8 = html_as_utf8(a.result.body, a.result.charset);  // TIS-620 / Windows-874 pages
    a.page = extract_html(utf8 ? *utf8 : a.result.body, limits);
  }
}

void Crawler::store(const std::string& key, const Url& u, FetchResult r, bool checked, std::optional<Page> page) {
  const State& st = state_[key];
  SiteResource& res = site_.resources[key];
  // A URL the bounds stopped before it answered is unknown: neither checked nor broken (unchecked.h).
  res.checked = checked && r.cut == Cut::None;
  res.external = !internal(u);
  std::string body = std::move(r.body);
  r.body.clear();
  res.fetch = std::move(r);
  res.body_bytes = body.size();
  if (!res.checked || !res.fetch.ok() || !st.body) return;
  std::string ext = url_extension(u);
  const std::string& ct = res.fetch.content_type;
  if (body.empty()) {
    res.content_problem = "ไฟล์ว่าง ไม่มีเนื้อหา";
    return;
  }
  if (res.fetch.truncated && crawl_reads_as_html(res.fetch, u)) {
    res.content_problem = "หน้าเว็บยาวเกิน " + std::to_string(body.size() >> 20) +
                          " MB (นับหลังคลายการบีบอัด) หรือส่งข้อมูลไม่สิ้นสุด ผู้เข้าชมเปิดไม่ได้";
    return;
  }
  const bool html_body = looks_like_html(body);
  if (page) {
    read_page(key, u, st, res, std::move(*page));
  } else if (is_document_extension(ext) && html_body) {  // a soft-404 page under a document's name
    res.content_problem = "ไม่ใช่ไฟล์ " + ascii_upper(ext) + " (เซิร์ฟเวอร์ส่งหน้าเว็บ " + ct + " มาแทน)";
  } else if (html_body && is_document_type(ct)) {  // a page the server labels as a document
    res.content_problem = "เนื้อหาเป็นหน้าเว็บ (HTML) แต่เซิร์ฟเวอร์แจ้งชนิดเป็น " + ct + " เบราว์เซอร์จะแสดงไม่ได้";
  } else if (ext == "pdf" || ct == "application/pdf") {
    if (!looks_like_pdf(body)) {
      res.content_problem = "ไม่ใช่ไฟล์ PDF (ได้รับ " + (ct.empty() ? std::string("ข้อมูลอื่น") : ct) + ")";
      return;
    }
    if (ct.starts_with("text/")) {  // a browser shows the bytes as text, not the document
      res.content_problem = "ไฟล์ PDF แต่เซิร์ฟเวอร์แจ้งชนิดเป็น " + ct + " เบราว์เซอร์จะแสดงเป็นตัวอักษรอ่านไม่ออก";
      return;
    }
    if (res.fetch.truncated) return;  // the text layer of a cut PDF cannot be read; the audit warns
    if (std::chrono::steady_clock::now() >= deadline_) {
      res.fetch.content_cut = Cut::Deadline;
      res.content_problem = "ไม่ได้อ่านเนื้อหา PDF เพราะหมดเวลาตรวจ (--deadline)";
      return;
    }
    PdfLimits limits;
    limits.deadline = deadline_;
    auto t = pdf_text(body, limits);
    if (t) res.pdf = std::move(t).value();
    else res.pdf_error = t.error().message;
  } else if (ext == "csv" || ct == "text/csv") {
    if (looks_like_html(body)) res.content_problem = "ไม่ใช่ไฟล์ CSV (ได้รับหน้าเว็บ)";
    else res.csv = parse_csv_table(body);
  } else if (ext == "xlsx" || ext == "docx" || ext == "pptx" || ext == "ods" || ext == "odt" || ext == "zip") {
    if (!body.starts_with("PK\x03\x04")) {
      res.content_problem = "ไม่ใช่ไฟล์ " + ascii_upper(ext) + " ที่เปิดได้";
      return;
    }
    if ((ext != "xlsx" && ext != "docx") || res.fetch.truncated) return;  // a cut ZIP has no directory to read
    if (std::chrono::steady_clock::now() >= deadline_) {
      res.fetch.content_cut = Cut::Deadline;
      res.content_problem = "ไม่ได้อ่านเนื้อหา " + ascii_upper(ext) + " เพราะหมดเวลาตรวจ (--deadline)";
      return;
    }
    OfficeLimits limits;
    limits.deadline = deadline_;
    if (ext == "xlsx") {
      auto t = xlsx_tables(body, limits);
      if (!t) res.office_error = t.error().message;
      else res.sheets = std::move(t->sheets), res.office_limit = std::move(t->limit);
    } else {
      auto t = docx_text(body, limits);
      if (!t) res.office_error = t.error().message;
      else res.doc_text = std::move(t->text), res.office_limit = std::move(t->limit);
    }
  }
}


void Crawler::read_page(const std::string& key, const Url& u, const State& st, SiteResource& res, Page page) {
  // Links resolve against the final URL after redirects, or the page's <base href>.
  Url base = u;
  if (auto f = parse_url(res.fetch.final_url.empty() ? key : res.fetch.final_url)) base = *f;
  if (!page.base_href.empty())
    if (auto b = resolve_url(base, page.base_href)) base = *b;
  bool in_scope = !res.external && (folder_ ? true : st.depth <= o_.depth);
  if (in_scope && pages_read_ < static_cast<size_t>(o_.max_pages)) {
    site_.pages.push_back(key);
    ++pages_read_;
    follow_links(base, st, page);
  }
  if (st.item) {
    keep_.insert(key);
    for (const auto& l : page.links) {
      if (l.in_chrome || l.kind != "a") continue;
      auto t = resolve_url(base, l.href);
      if (!t || !t->is_http()) continue;
      std::string k = site_.map(t->str());
      // Pages the item links to may serve as its evidence (news articles): kept whole.
      keep_.insert(k);
      // Its attachments are evidence too, wherever they are: their content is read.
      if (auto tu = parse_url(k); tu && is_document_extension(url_extension(*tu))) state_[k].body = true;
    }
  } else if (!keep_.count(key)) {
    // Only links and ids of the other pages are needed: keep memory flat on large sites.
    page.text.clear();
    page.text.shrink_to_fit();
    page.main_text.clear();
    page.main_text.shrink_to_fit();
    page.tables.clear();
    page.headings.clear();
    page.images.clear();
    page.labels.clear();
    page.lists.clear();
    page.id_offsets.clear();
  }
  res.page = std::move(page);
}

// Same-site pages linked from a page within the depth are read too; everything else linked is
// checked for its status at the end.

void Crawler::follow_links(const Url& base, const State& st, const Page& page) {
  const int depth = st.depth;
  for (const auto& l : page.links) {
    auto t = resolve_url(base, l.href);
    if (!t || !t->is_http()) continue;
    std::string k = site_.map(t->str());
    State& s = state_[k];  // every link is checked, at least for its status
    if (folder_ || (l.kind != "a" && l.kind != "iframe")) continue;  // a folder's pages are all read anyway
    auto tu = parse_url(k);
    if (!tu || !internal(*tu)) continue;
    std::string ext = url_extension(*tu);
    if (is_document_extension(ext) || is_asset_extension(ext)) continue;
    if (depth + 1 <= o_.depth) {
      s.body = true;
      s.depth = std::min(s.depth, depth + 1);
    } else if (t->fragment && !t->fragment->empty()) {
      s.body = true;  // read for its ids only
    }
  }
}


}  // namespace oit
