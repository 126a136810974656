#include "generator/build.h"

#include "generator/stages.h"

namespace oit {

using namespace site_build;

std::string SiteModel::url(std::string_view route) const { return base_path + encode_url_path(route); }
std::string SiteModel::abs_url(std::string_view route) const { return config->base_url + encode_url_path(route); }

Builder::Builder(BuildOptions options) : options_(std::move(options)), cache_(std::make_unique<BuildCache>()) {}
Builder::~Builder() = default;
const BuildReuse& Builder::last_reuse() const { return cache_->reuse; }

Result<BuildSummary> build_site(const BuildOptions& options) { return Builder(options).build(); }

// One call per stage of stages.h, in its order, each followed by its timing.
Result<BuildSummary> Builder::build(const std::vector<std::string>* changed) {
  Site s;
  begin_build(s, options_, *cache_, changed);
  const std::filesystem::path out = s.opt.out.empty() ? s.source / "public" : s.opt.out;
  StageTimer timer;
  BuildRun run;
  if (auto r = load_config(s); !r) return r.error();
  if (auto r = load_theme(s); !r) return r.error();
  timer.done("config");
  if (auto r = load_pages(s); !r) return r.error();
  timer.done("pages");
  if (auto r = resolve(s); !r) return r.error();
  timer.done("resolve");
  if (auto r = render_markdown_all(s); !r) return r.error();
  timer.done("markdown");
  order_sections(s);
  timer.done("sections");
  if (auto r = run_output_stages(s, run, timer); !r) return r.error();
  if (auto r = plan_outputs(s, run, out); !r) return r.error();
  find_dirty_pages(s, run);
  if (auto r = render_pages(s, run); !r) return r.error();
  timer.done("render");
  if (auto r = render_generated_pages(s, run); !r) return r.error();
  if (auto r = copy_files(s, run); !r) return r.error();
  if (auto r = write_machine_outputs(s, run); !r) return r.error();
  if (auto r = publish(s, run, *cache_, timer); !r) return r.error();
  timer.done("publish");
  return s.summary;
}

}  // namespace oit
