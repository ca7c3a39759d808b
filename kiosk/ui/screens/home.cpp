// Home: the hall's name and time, who sits the windows now, the four services and what citizens can read.
#include <algorithm>
#include <array>
#include <cmath>

#include "kiosk/ui/screens/home.h"

#include "kiosk/ui/draw.h"
#include "kiosk/ui/screens/paused.h"
#include "kiosk/ui/screens/duty_board.h"
#include "kiosk/ui/screens/guide.h"
#include "kiosk/ui/screens/person_card.h"
#include "kiosk/ui/screens/query.h"
#include "kiosk/ui/screens/rate.h"
#include "kiosk/ui/screens/report.h"
#include "kiosk/ui/screens/results.h"
#include "kiosk/ui/screens/staff.h"
#include "kiosk/ui/screens/two_weeks.h"
#include "kiosk/ui/ui.h"

namespace ui {
namespace {

constexpr float kPi = 3.14159265f;

enum class Pictogram { person_at_desk, star, speech_alert, magnifier };

struct Tile {
  const char* id;
  const char* label_key;
  const char* sub_key;
  Pictogram icon;
  ImU32 colour;
};

// A five-pointed star of outer radius r (its centre filled too: the shape is concave).
void star(ImDrawList* dl, ImVec2 c, float r, ImU32 col) {
  std::array<ImVec2, 10> p{};
  for (int i = 0; i < 10; ++i) {
    const float a = -kPi / 2 + static_cast<float>(i) * kPi / 5;
    const float rr = (i % 2 == 0) ? r : r * 0.4f;
    p[static_cast<std::size_t>(i)] = ImVec2(c.x + rr * std::cos(a), c.y + rr * std::sin(a));
  }
  for (int i = 0; i < 10; i += 2)  // five points, each a triangle on the inner pentagon
    dl->AddTriangleFilled(p[static_cast<std::size_t>((i + 9) % 10)], p[static_cast<std::size_t>(i)],
                          p[static_cast<std::size_t>(i + 1)], col);
  dl->AddCircleFilled(c, r * 0.42f, col, 20);
}

// The tile's picture, drawn in white on its coloured disc of radius r, so it never depends on a glyph.
void draw_pictogram(ImDrawList* dl, Pictogram p, ImVec2 c, float r, ImU32 ink) {
  const float k = r / 56.0f;  // drawn for a 56 px disc
  switch (p) {
    case Pictogram::person_at_desk: {  // a leader sitting at the window: head, shoulders, the counter
      dl->AddCircleFilled(ImVec2(c.x, c.y - 16 * k), 11 * k, ink, 24);
      dl->PathArcTo(ImVec2(c.x, c.y + 14 * k), 20 * k, kPi, 2 * kPi, 16);
      dl->PathFillConvex(ink);
      dl->AddRectFilled(ImVec2(c.x - 30 * k, c.y + 16 * k), ImVec2(c.x + 30 * k, c.y + 23 * k), ink, 2 * k);
      break;
    }
    case Pictogram::star: star(dl, ImVec2(c.x, c.y + 2 * k), 28 * k, ink); break;
    case Pictogram::speech_alert: {  // a speech bubble with an exclamation mark
      const ImVec2 a(c.x - 27 * k, c.y - 24 * k), b(c.x + 27 * k, c.y + 14 * k);
      dl->AddRectFilled(a, b, ink, 9 * k);
      dl->AddTriangleFilled(ImVec2(c.x - 14 * k, b.y - 1), ImVec2(c.x - 2 * k, b.y - 1), ImVec2(c.x - 18 * k, c.y + 28 * k), ink);
      const ImU32 disc = IM_COL32(0xB0, 0x24, 0x1C, 0xFF);
      dl->AddRectFilled(ImVec2(c.x - 3.5f * k, c.y - 17 * k), ImVec2(c.x + 3.5f * k, c.y + 1 * k), disc, 2 * k);
      dl->AddCircleFilled(ImVec2(c.x, c.y + 7.5f * k), 3.8f * k, disc, 12);
      break;
    }
    case Pictogram::magnifier: {  // a magnifying glass
      const ImVec2 lens(c.x - 6 * k, c.y - 6 * k);
      dl->AddCircle(lens, 17 * k, ink, 32, 7 * k);
      dl->AddLine(ImVec2(lens.x + 13 * k, lens.y + 13 * k), ImVec2(c.x + 24 * k, c.y + 24 * k), ink, 9 * k);
      break;
    }
  }
}

void draw_emblem(Ui& ui, ImVec2 c, float r) {
  // A plain seal: white ring, red disc, a five-pointed star. Long-pressing it will open the staff entry.
  ImDrawList* dl = ui.dl();
  dl->AddCircleFilled(c, r, IM_COL32(0xFF, 0xFF, 0xFF, 0xFF), 48);
  dl->AddCircleFilled(c, r * 0.86f, ui.theme().accent, 48);
  star(dl, c, r * 0.55f, IM_COL32(0xF6, 0xC3, 0x43, 0xFF));
}

// Where the hall's words go in the header (between the emblem and the clock), and how tall they are there:
// the welcome wraps to as many lines as it needs, so nothing is cut.
struct HeaderWords {
  float x = 0, max_x = 0, welcome_h = 0, height = 0;
};

HeaderWords header_words(Ui& ui) {
  HeaderWords w;
  const core::CivilTime now = ui.now();
  const float cs = ui.measure(FontRole::display, now.hhmm()).x;
  const float ds = ui.measure(FontRole::small, ui.date_text(now.date(), true)).x;
  w.x = ui.px(36) + 2 * ui.px(60) + ui.px(28);
  w.max_x = ui.width() - ui.px(36) - std::max(cs, ds) - ui.px(24);
  w.welcome_h = ui.text_wrapped(FontRole::small, ui.tr("home.welcome"), ImVec2(), w.max_x - w.x, 0, false);
  w.height = ui.line_height(FontRole::title) + w.welcome_h + ui.line_height(FontRole::small);
  return w;
}

void draw_home_header(Ui& ui, float h) {
  const Theme& t = ui.theme();
  ImDrawList* dl = ui.dl();
  round_rect(dl, ImVec2(0, 0), ImVec2(ui.width(), h), t.primary);
  round_rect(dl, ImVec2(0, h - ui.px(8)), ImVec2(ui.width(), h), t.accent);
  const float r = ui.px(60);
  const ImVec2 ec(ui.px(36) + r, h / 2);
  draw_emblem(ui, ec, r);
  // The discreet staff entry: a long press on the emblem.
  if (ui.long_press("home.emblem", ImVec2(ec.x - r, ec.y - r), ImVec2(ec.x + r, ec.y + r))) ui.go(screens::staff_pick);
  const core::CivilTime now = ui.now();
  const std::string clock = now.hhmm();
  const std::string date = ui.date_text(now.date(), true);
  const ImVec2 cs = ui.measure(FontRole::display, clock);
  const ImVec2 ds = ui.measure(FontRole::small, date);
  const float right = ui.width() - ui.px(36);
  const float block = cs.y + ui.px(6) + ds.y;
  ui.text(FontRole::display, clock, ImVec2(right - cs.x, (h - block) / 2), t.on_primary);
  ui.text(FontRole::small, date, ImVec2(right - ds.x, (h - block) / 2 + cs.y + ui.px(6)), t.on_primary);
  // The hall, the welcome (in as many lines as it needs: English, 大字模式) and the help line.
  const HeaderWords w = header_words(ui);
  const float x = w.x, max_x = w.max_x, welcome_h = w.welcome_h;
  const float title_h = ui.line_height(FontRole::title), sub_h = ui.line_height(FontRole::small);
  const float y = (h - ui.px(8) - w.height) / 2;
  const ImU32 soft = IM_COL32(0xE4, 0xEC, 0xF7, 0xFF);
  ui.text_in(FontRole::title, ui.config().hall_name, ImVec2(x, y), ImVec2(max_x, y + title_h), t.on_primary);
  ui.text_wrapped(FontRole::small, ui.tr("home.welcome"), ImVec2(x, y + title_h), max_x - x, soft);
  ui.text_in(FontRole::small, ui.tr("home.hotline"), ImVec2(x, y + title_h + welcome_h),
             ImVec2(max_x, y + title_h + welcome_h + sub_h), soft);
}

// The tappable panel of a leader at the window now (a card or a line); true when it was tapped.
bool person_panel(Ui& ui, const core::DutyRow& row, ImVec2 a, ImVec2 b, float rounding) {
  const std::string id = "home.onduty." + row.official.id;
  const bool hit = ui.tap(id, a, b);
  ui.panel(a, b, ui.held(id) ? ui.theme().pressed : ui.theme().surface, rounding, true);
  return hit;
}

void open_person_card(Ui& ui, const core::DutyRow& row) {
  ui.state<PersonCardState>().official_id = row.official.id;
  ui.go(screens::person_card);
}

// A compact card for one leader at the window now.
void draw_on_duty_card(Ui& ui, const core::DutyRow& row, ImVec2 a, ImVec2 b) {
  const Theme& t = ui.theme();
  const bool hit = person_panel(ui, row, a, b, 16);
  const float h = b.y - a.y;
  const float r = std::min(ui.px(46), h * 0.3f);
  ui.avatar(row.official, ImVec2(a.x + ui.px(22) + r, a.y + ui.px(20) + r), r);
  const float x = a.x + ui.px(22) + 2 * r + ui.px(20);
  const float lh = ui.line_height(FontRole::title);
  ui.text_in(FontRole::title, row.official.name, ImVec2(x, a.y + ui.px(14)), ImVec2(b.x - ui.px(16), a.y + ui.px(14) + lh),
             t.text);
  const float sh = ui.line_height(FontRole::small);
  const std::string dept = row.department.short_name.empty() ? row.department.name : row.department.short_name;
  const float by = b.y - ui.px(16) - ui.line_height(FontRole::small) - ui.px(6);
  // Department and title wrap to a second line where one is too short (大字模式, long titles), never cut.
  const float dy = a.y + ui.px(14) + lh;
  ui.text_in(FontRole::small, dept + " · " + row.official.title, ImVec2(x, dy),
             ImVec2(b.x - ui.px(16), std::max(dy + sh, std::min(dy + 2 * sh, by - ui.px(2)))), t.text2, 0, 0);
  // Window and status on one line; where that is too long (English, 大字模式) the badge drops its time,
  // then the window its word.
  std::string win = fill(ui.tr("duty.window"), {{"n", row.window.number}});
  ImVec2 ws = ui.measure(FontRole::body, win);
  const float room = b.x - ui.px(16) - a.x - ui.px(22) - ui.px(18);
  const bool brief = ws.x + ui.status_badge(row, ImVec2(), FontRole::small, true) > room;
  if (brief && ws.x + ui.status_badge(row, ImVec2(), FontRole::small, true, true) > room) {
    win = row.window.number;
    ws = ui.measure(FontRole::body, win);
  }
  ui.text(FontRole::body, win, ImVec2(a.x + ui.px(22), by + ui.px(2)), t.primary);
  ui.status_badge(row, ImVec2(a.x + ui.px(22) + ws.x + ui.px(18), by), FontRole::small, false, brief);
  if (hit) open_person_card(ui, row);
}

float on_duty_line_h(Ui& ui) { return ui.line_height(FontRole::body) + ui.px(16); }

// One line for a leader the cards had no room for: name, window and status; a tap opens their card.
void draw_on_duty_line(Ui& ui, const core::DutyRow& row, ImVec2 a, ImVec2 b) {
  const Theme& t = ui.theme();
  const bool hit = person_panel(ui, row, a, b, 12);
  const std::string win = fill(ui.tr("duty.window"), {{"n", row.window.number}});
  const float badge_w = ui.status_badge(row, ImVec2(), FontRole::small, true, true);
  const float win_w = ui.measure(FontRole::body, win).x;
  const float right = b.x - ui.px(16) - badge_w, win_x = right - ui.px(16) - win_w;
  const float mid = (a.y + b.y) / 2;
  const float text_y = mid - ui.line_height(FontRole::body) / 2;
  ui.text_in(FontRole::body, row.official.name, ImVec2(a.x + ui.px(22), text_y),
             ImVec2(win_x - ui.px(16), text_y + ui.line_height(FontRole::body)), t.text, 0, 0);
  ui.text(FontRole::body, win, ImVec2(win_x, text_y), t.primary);
  ui.status_badge(row, ImVec2(right, mid - ui.line_height(FontRole::small) / 2 - ui.px(6)), FontRole::small, false, true);
  if (hit) open_person_card(ui, row);
}

// What citizens can read besides the four services, in a row of buttons across the bottom: the two weeks'
// schedule, the 办事指南 and last month's published results.
void draw_reading_links(Ui& ui, ImVec2 a, ImVec2 b) {
  static constexpr std::array<const char*, 3> kLinks = {"home.link.weeks", "home.link.guide", "home.link.results"};
  const float gap = ui.px(16), w = (b.x - a.x - 2 * gap) / 3;
  for (std::size_t i = 0; i < kLinks.size(); ++i) {
    const float x = a.x + static_cast<float>(i) * (w + gap);
    if (ui.button(kLinks[i], ui.tr(kLinks[i]), ImVec2(x, a.y), ImVec2(x + w, b.y), Tone::plain))
      ui.go(i == 0 ? screens::two_weeks : i == 1 ? screens::guide : screens::results);
  }
}

}  // namespace

void draw_home(Ui& ui) {
  const Theme& t = ui.theme();
  const bool wide = ui.landscape();
  const float header_h = std::max(ui.px(wide ? 190 : 220), header_words(ui).height + ui.px(48));
  draw_home_header(ui, header_h);
  const float m = ui.px(32), gap = ui.px(24);
  float top = header_h + gap;
  const float links_h = ui.px(96);
  const float bottom = ui.footer_top() - 2 * gap - links_h;
  draw_reading_links(ui, ImVec2(m, bottom + gap), ImVec2(ui.width() - m, bottom + gap + links_h));
  // 暂停服务 while the store cannot save: said here, before anyone starts a form (the board still shows).
  if (!ui.store().can_save()) {
    const float bh = paused_banner_height(ui, ui.width() - 2 * m);
    if (paused_banner(ui, ImVec2(m, top), ImVec2(ui.width() - m, top + bh))) ui.go(screens::duty_board);
    top += bh + gap;
  }

  // Leaders at the windows in the current half-day: those on duty first.
  const core::HalfDay half = ui.current_half();
  std::vector<const core::DutyRow*> rows;
  for (const auto& r : ui.today())
    if (r.half == half) rows.push_back(&r);
  std::stable_sort(rows.begin(), rows.end(), [](const core::DutyRow* x, const core::DutyRow* y) {
    return (x->status == core::DutyStatus::on_duty) > (y->status == core::DutyStatus::on_duty);
  });

  static constexpr std::array<Tile, 4> kTiles = {{
      {"home.tile.duty", "home.tile.duty", "home.tile.duty.sub", Pictogram::person_at_desk, IM_COL32(0x1B, 0x55, 0x9E, 0xFF)},
      {"home.tile.rate", "home.tile.rate", "home.tile.rate.sub", Pictogram::star, IM_COL32(0xA0, 0x5A, 0x00, 0xFF)},
      {"home.tile.report", "home.tile.report", "home.tile.report.sub", Pictogram::speech_alert,
       IM_COL32(0xB0, 0x24, 0x1C, 0xFF)},
      {"home.tile.query", "home.tile.query", "home.tile.query.sub", Pictogram::magnifier,
       IM_COL32(0x1F, 0x6E, 0x62, 0xFF)},
  }};
  // What a tile of width tw holds, its words beside the picture or under it ("stacked"). A title wraps at its
  // own size rather than shrink, and the subtitle is always shown: the tiles are sized to hold them.
  const float pad = ui.px(32), strip = ui.px(10);
  struct TileWords {
    std::array<float, 4> label_h{}, sub_h{};
    float block_h = 0, text_x0 = 0, text_w = 0, r = 0;
    bool stacked = true;
  };
  auto measure_tiles = [&](float tile_w, bool stacked, float r) {
    TileWords w;
    w.stacked = stacked;
    w.r = r;
    w.text_x0 = stacked ? pad : pad + 2 * r + ui.px(24);
    w.text_w = tile_w - pad - w.text_x0;
    for (std::size_t i = 0; i < kTiles.size(); ++i) {
      w.label_h[i] = ui.text_wrapped(FontRole::title, ui.tr(kTiles[i].label_key), ImVec2(), w.text_w, 0, false);
      w.sub_h[i] = ui.text_wrapped(FontRole::small, ui.tr(kTiles[i].sub_key), ImVec2(), w.text_w, 0, false);
      const float words = w.label_h[i] + ui.px(4) + w.sub_h[i];
      w.block_h = std::max(w.block_h, stacked ? 2 * r + ui.px(20) + words : std::max(2 * r, words));
    }
    return w;
  };
  auto tile_height = [&](const TileWords& w) { return strip + 2 * pad + w.block_h; };

  ImVec2 pa, pb;  // the on-duty panel
  ImVec2 ta, tb;  // the tiles area
  // A card holds the name, department and title in up to two lines, then window and status.
  const float sh = ui.line_height(FontRole::small);
  float card_h = std::max(ui.px(200), ui.line_height(FontRole::title) + 3 * sh + ui.px(14 + 8 + 22 + 8));
  const float title_h = ui.line_height(FontRole::title) + ui.px(40);
  int cols = 2, max_rows = 2;
  TileWords tw_fit;
  float th = 0;
  int tile_cols = 2;  // the tiles in a 2 × 2 grid, or (tall words in portrait) one column of four
  const float area_w = wide ? ui.width() - m - (ui.width() * 0.42f + gap) : ui.width() - 2 * m;
  float tw = (area_w - gap) / 2;
  if (wide) {
    cols = 1;
    pa = ImVec2(m, top);
    pb = ImVec2(ui.px(0) + ui.width() * 0.42f, bottom);
    // As many cards as fit at their least height (name, one line of department and title, window and status;
    // the picture), up to the leaders there are; they share the panel's height, none taller than card_h.
    const float least_h = std::max(ui.px(20 + 92 + 20), ui.px(14) + ui.line_height(FontRole::title) + 2 * sh + ui.px(34));
    const float for_cards = pb.y - pa.y - title_h - ui.px(8);
    const int fit = static_cast<int>((for_cards + ui.px(16)) / (least_h + ui.px(16)));
    max_rows = std::clamp(fit, 1, std::max(1, static_cast<int>(rows.size())));
    card_h = std::min(card_h, for_cards / static_cast<float>(max_rows) - ui.px(16));
    // More leaders than cards (大字模式): where a line fits under cards of their least height, the cards keep
    // that height and the others go in lines below them.
    const float rest = for_cards - static_cast<float>(max_rows) * (least_h + ui.px(16));
    if (static_cast<int>(rows.size()) > max_rows && rest >= on_duty_line_h(ui)) card_h = std::min(card_h, least_h);
    ta = ImVec2(pb.x + gap, top);
    tb = ImVec2(ui.width() - m, bottom);
    th = (tb.y - ta.y - gap) / 2;
    // Picture over words where the tile is tall enough, else beside them, with a smaller picture if the
    // words need the width.
    tw_fit = measure_tiles(tw, true, ui.px(56));
    for (const float r : {ui.px(56), ui.px(44), ui.px(36)}) {
      if (tile_height(tw_fit) <= th) break;
      tw_fit = measure_tiles(tw, false, r);
    }
  } else {
    // The tiles take the height their words need (a little more where the hall has room to spare); the
    // leaders at the windows take the rest, a row of two cards at a time.
    tw_fit = measure_tiles(tw, true, ui.px(56));
    float need = tile_height(tw_fit);
    // One column of wide tiles, words beside the picture, where that is shorter than two of them stacked.
    const TileWords one_col = measure_tiles(area_w, false, ui.px(56));
    if (4 * tile_height(one_col) + 2 * gap < 2 * need) {
      tile_cols = 1;
      tw = area_w;
      tw_fit = one_col;
      need = (4 * tile_height(one_col) + 2 * gap) / 2;  // the height of "two rows" the layout below divides
    }
    const float row_h = card_h + ui.px(16);
    const int people_rows = std::max(1, (static_cast<int>(rows.size()) + 1) / 2);
    const float for_cards = bottom - top - 2 * need - 2 * gap - title_h - ui.px(8);
    max_rows = std::clamp(static_cast<int>(for_cards / row_h), 1, people_rows);
    th = std::min((bottom - top - title_h - static_cast<float>(max_rows) * row_h - ui.px(8) - 2 * gap) / 2,
                  need + ui.px(48));
    pa = ImVec2(m, top);
    pb = ImVec2(ui.width() - m, bottom - 2 * th - 2 * gap);
    ta = ImVec2(m, pb.y + gap);
    tb = ImVec2(ui.width() - m, bottom);
  }

  ui.panel(pa, pb, t.surface, 20, true);
  const std::string heading = ui.tr("home.onduty.title") + " · " + ui.half_text(half);
  const std::string more = ui.tr("home.onduty.more");
  const ImVec2 ms = ui.measure(FontRole::body, more);
  const ImVec2 more_a(pb.x - ui.px(24) - ms.x - ui.px(40), pa.y + ui.px(8)),
      more_b(pb.x - ui.px(8), pa.y + title_h - ui.px(4));
  ui.text_in(FontRole::title, heading, ImVec2(pa.x + ui.px(24), pa.y + ui.px(20)),
             ImVec2(more_a.x - ui.px(12), pa.y + ui.px(20) + ui.line_height(FontRole::title)), t.text);
  const bool more_hit = ui.tap("home.onduty.more", more_a, more_b);
  if (ui.held("home.onduty.more")) round_rect(ui.dl(), more_a, more_b, t.pressed, ui.px(12));
  ui.text(FontRole::body, more, ImVec2(more_a.x + ui.px(8), (more_a.y + more_b.y - ms.y) / 2), t.primary);
  {
    const float cx = more_b.x - ui.px(28), cy = (more_a.y + more_b.y) / 2, k = ui.px(9);
    ui.dl()->AddPolyline(std::array<ImVec2, 3>{ImVec2(cx - k, cy - 2 * k), ImVec2(cx, cy), ImVec2(cx - k, cy + 2 * k)}.data(),
                         3, t.primary, 0, ui.px(4));
  }
  if (more_hit) {
    ui.go(screens::duty_board);
  }
  const float inner_w = pb.x - pa.x - ui.px(48);
  const float cw = (inner_w - ui.px(16) * static_cast<float>(cols - 1)) / static_cast<float>(cols);
  if (rows.empty()) {
    ui.text_in(FontRole::body, ui.tr("home.onduty.none"), ImVec2(pa.x + ui.px(24), pa.y + title_h),
               ImVec2(pb.x - ui.px(24), pa.y + title_h + card_h), t.text2, 0.5f);
  }
  const std::size_t shown = std::min(rows.size(), static_cast<std::size_t>(cols * max_rows));
  for (std::size_t i = 0; i < shown; ++i) {
    const float x = pa.x + ui.px(24) + static_cast<float>(i % static_cast<std::size_t>(cols)) * (cw + ui.px(16));
    const float y = pa.y + title_h + static_cast<float>(i / static_cast<std::size_t>(cols)) * (card_h + ui.px(16));
    draw_on_duty_card(ui, *rows[i], ImVec2(x, y), ImVec2(x + cw, y + card_h));
  }
  // In the room left under the cards, one line for each of the others, as long as lines fit.
  const float line_h = on_duty_line_h(ui);
  float line_y = pa.y + title_h + static_cast<float>(shown / static_cast<std::size_t>(cols)) * (card_h + ui.px(16));
  for (std::size_t i = shown; i < rows.size() && line_y + line_h <= pb.y - ui.px(12); ++i, line_y += line_h + ui.px(8))
    draw_on_duty_line(ui, *rows[i], ImVec2(pa.x + ui.px(24), line_y), ImVec2(pb.x - ui.px(24), line_y + line_h));

  // The four services.
  const float tile_h = tile_cols == 2 ? th : (tb.y - ta.y - 3 * gap) / 4;
  const float r = tw_fit.r;
  auto tile_at = [&](std::size_t i) {
    const std::size_t c = static_cast<std::size_t>(tile_cols);
    return ImVec2(ta.x + static_cast<float>(i % c) * (tw + gap), ta.y + static_cast<float>(i / c) * (tile_h + gap));
  };
  // The subtitles show on every tile or on none, so no tile is emptier than the others.
  bool with_sub = true;
  for (std::size_t i = 0; i < kTiles.size(); ++i) {
    const TileWords& w = tw_fit;
    const float words_h = w.label_h[i] + ui.px(4) + w.sub_h[i];
    const float block_top = tile_at(i).y + strip + std::max(ui.px(8), (tile_h - strip - w.block_h) / 2);
    const float cy = block_top + w.block_h / 2;
    if ((w.stacked ? block_top + 2 * r + ui.px(20) : cy - words_h / 2) + words_h > tile_at(i).y + tile_h - ui.px(8))
      with_sub = false;
  }
  for (std::size_t i = 0; i < kTiles.size(); ++i) {
    const Tile& tile = kTiles[i];
    const ImVec2 a = tile_at(i);
    const ImVec2 b(a.x + tw, a.y + tile_h);
    const bool hit = ui.tap(tile.id, a, b);
    const bool down = ui.held(tile.id);
    round_rect(ui.dl(), ImVec2(a.x + 3, a.y + 5), ImVec2(b.x + 3, b.y + 5), IM_COL32(0x10, 0x20, 0x40, 0x18), ui.px(22));
    ui.panel(a, b, down ? t.pressed : t.surface, 22, true);
    // The coloured band is the top of a tile-shaped fill, clipped: its corners follow the tile's.
    ui.dl()->PushClipRect(a, ImVec2(b.x, a.y + strip), true);
    round_rect(ui.dl(), a, b, tile.colour, ui.px(22));
    ui.dl()->PopClipRect();
    const TileWords& w = tw_fit;
    const bool stacked = w.stacked;
    const float text_x = a.x + w.text_x0;
    const float words_h = w.label_h[i] + ui.px(4) + w.sub_h[i];
    // Every tile's block starts at the same height, that of the tallest, so pictures and titles line up.
    const float block_top = a.y + strip + std::max(ui.px(8), (tile_h - strip - w.block_h) / 2);
    const ImVec2 c = stacked ? ImVec2(a.x + pad + r, block_top + r) : ImVec2(a.x + pad + r, block_top + w.block_h / 2);
    ui.dl()->AddCircleFilled(c, r, tile.colour, 48);
    draw_pictogram(ui.dl(), tile.icon, c, r, t.on_primary);
    // Beside the picture, the words are centred on it.
    const float shown_h = with_sub ? words_h : w.label_h[i];
    const float ly = stacked ? block_top + 2 * r + ui.px(20) : c.y - shown_h / 2;
    ui.text_wrapped(FontRole::title, ui.tr(tile.label_key), ImVec2(text_x, ly), w.text_w, t.text);
    if (with_sub)
      ui.text_wrapped(FontRole::small, ui.tr(tile.sub_key), ImVec2(text_x, ly + w.label_h[i] + ui.px(4)), w.text_w, t.text2);
    if (hit) {
      if (i == 0) {
        ui.go(screens::duty_board);
      } else {
        ui.go(i == 1 ? screens::rate_pick : i == 2 ? screens::report_dept : screens::query);
      }
    }
  }
}

const ScreenDef screens::home{.name = "home", .draw = draw_home};

}  // namespace ui
