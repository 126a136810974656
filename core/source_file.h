// The one way oit reads a site's source files (site.toml, pages, CSV tables, templates, translations,
// dataset sidecars, criteria): only regular files, only inside the source folder, and never more bytes
// than a limit per kind of file — the size is looked at before the first byte is read, so a FIFO, a link
// to /dev/zero or a 100 MB table is refused at once with the file's name and the reason.
#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/error.h"

namespace oit {

enum class SourceKind {
  SiteConfig, Page, Table, Template, Translations, DatasetMeta, Criteria,
  // What `oit check` is given: a built site's oit.json, an ITAS sheet, an earlier report (--previous).
  Manifest, ItasSheet, Report
};

struct SourceLimit {
  uintmax_t max_bytes;
  std::string_view what;  // "CSV tables": ends the sentence "over the N-byte limit for …"
  std::string_view hint;  // what the author can do about a file over the limit
};

// site.toml 1 MiB, Markdown pages 10 MiB, CSV tables 32 MiB, templates 16 MiB (the template parser's own
// limit), translations and dataset sidecars 1 MiB, criteria 4 MiB; for the checker: oit.json and ITAS sheets
// 1 MiB, earlier reports 64 MiB.
SourceLimit source_limit(SourceKind kind);

// Rows a CSV table may have (records: line breaks outside quoted fields). A table past it would make
// pages, JSON and XLSX copies no reader can use, and costs memory per cell.
inline constexpr size_t kMaxCsvRows = 200'000;

// Reads `path` whole. Errors (named by `shown`, the path as the author knows it): the path is not a
// regular file (a folder, FIFO, device or socket — none is opened for reading); with `source_root`
// given, the file it leads to (symlinks followed) lies outside that folder; the file is larger than the
// kind's limit (checked with fstat before reading, and again while reading in case it grows).
Result<std::string> read_source_file(const std::filesystem::path& path, const std::string& shown, SourceKind kind,
                                     const std::filesystem::path& source_root = {});

// Counts the records of CSV text (a quote toggles "inside a field"; "" toggles twice) and refuses a table
// of more than `max_rows` records, header included, before it is parsed.
Result<void> check_csv_row_count(std::string_view text, const std::string& shown, size_t max_rows = kMaxCsvRows);

}  // namespace oit
