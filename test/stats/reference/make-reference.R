# Makes the R reference fixtures in this folder: input CSVs, the outputs of PHEindicatormethods,
# FunnelPlotR and NHSRplotthedots on them, and the outputs of the R primitives Fairview emulates.
# test/stats/reference-parity.test.ts compares Fairview with every file written here.
#
# This script is Fairview's own code. The three packages' R sources are NOT in this repository and are
# not installed from CRAN here: fetch their R/*.R files into a folder laid out as
#   $RREF/PHEindicatormethods/R/*.R   (PHEindicatormethods; see README.md for the versions used)
#   $RREF/FunnelPlotR/R/*.R           (FunnelPlotR, with the plotting calls stubbed)
#   $RREF/NHSRplotthedots/R/*.R       (NHSRplotthedots, without the ggplot/plotly files)
# and run, from the repository root (R >= 4.2 with dplyr, tidyr, tibble, rlang, stringr, assertthat):
#   RREF=/tmp/rref Rscript test/stats/reference/make-reference.R
# Installed packages work too: set RREF to an empty value and the script calls library() instead.
#
# Numbers are written with sprintf("%.17g"), which reads back as the same double; NA is an empty cell.

suppressPackageStartupMessages({
  library(dplyr)
  library(rlang)
  library(tidyr)
  library(tibble)
})

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
out_dir <- if (length(script) == 1) dirname(normalizePath(script)) else "test/stats/reference"
rref <- Sys.getenv("RREF", "")

# dplyr 1.0.x (Debian 12) lacks case_when(.default =) and pick(), which the sources use.
if (packageVersion("dplyr") < "1.1.0") {
  orig_case_when <- dplyr::case_when
  shim <- function(..., .default = NULL) {
    if (is.null(.default)) orig_case_when(...) else orig_case_when(..., TRUE ~ .default)
  }
  environment(shim) <- list2env(list(orig_case_when = orig_case_when), parent = asNamespace("dplyr"))
  utils::assignInNamespace("case_when", shim, "dplyr")
  case_when <- shim
  pick <- function(...) dplyr::across(c(...))
}

if (nzchar(rref)) {
  for (pkg in c("PHEindicatormethods", "FunnelPlotR", "NHSRplotthedots")) {
    for (f in sort(list.files(file.path(rref, pkg, "R"), pattern = "\\.[Rr]$", full.names = TRUE))) {
      source(f)
    }
  }
} else {
  library(PHEindicatormethods)
  library(FunnelPlotR)
  library(NHSRplotthedots)
}

# ---- writing -----------------------------------------------------------------------------------

cell <- function(v) {
  if (inherits(v, "Date") || inherits(v, "POSIXt")) return(ifelse(is.na(v), "", format(v, "%Y-%m-%d")))
  if (is.factor(v)) v <- as.character(v)
  if (is.logical(v)) return(ifelse(is.na(v), "", ifelse(v, "TRUE", "FALSE")))
  if (is.numeric(v)) {
    return(ifelse(is.na(v) & !is.nan(v), "",
      ifelse(is.nan(v), "NaN",
        ifelse(is.infinite(v), ifelse(v > 0, "Inf", "-Inf"), sprintf("%.17g", v))
      )
    ))
  }
  ifelse(is.na(v), "", as.character(v))
}

write_fixture <- function(df, name) {
  df <- as.data.frame(df, stringsAsFactors = FALSE)
  out <- as.data.frame(lapply(df, cell), stringsAsFactors = FALSE, optional = TRUE)
  names(out) <- names(df)
  utils::write.csv(out, file.path(out_dir, paste0(name, ".csv")), row.names = FALSE, na = "")
  invisible(df)
}

# ---- PHEindicatormethods: proportion and rate, row by row and grouped ----------------------------

prop_in <- data.frame(
  id = sprintf("p%02d", 1:18),
  x = c(0, 1, 0, 10, 5, 3.5, 0, 1e7, 9999999, 1, 123, NA, 50, 45, 12, 0, 7, 999),
  n = c(1, 1, 10, 10, 10, 10, 1e7, 1e7, 1e7, 1e7, 4567, 100, NA, 600, 250, 90, 11, 1000)
)
write_fixture(prop_in, "phe-proportion-input")
write_fixture(phe_proportion(prop_in, x, n, confidence = c(0.95, 0.998), multiplier = 100), "phe-proportion-m100")
write_fixture(phe_proportion(prop_in, x, n, confidence = 0.95, multiplier = 1), "phe-proportion-m1-95")
write_fixture(phe_proportion(prop_in, x, n, confidence = 99.8, multiplier = 1000), "phe-proportion-m1000-998")

propg_in <- data.frame(
  g = c("North", "North", "North", "South", "South", "East", "West", "West", "b", "B"),
  x = c(45, 12, 0, 10, NA, 7, 1e7 - 1, 0, 3, 4),
  n = c(600, 250, 90, 100, 50, 7, 1e7, 1, 9, 16)
)
write_fixture(propg_in, "phe-proportion-grouped-input")
write_fixture(
  phe_proportion(group_by(propg_in, g), x, n, confidence = c(0.95, 0.998), multiplier = 1),
  "phe-proportion-grouped"
)

rate_in <- data.frame(
  id = sprintf("r%02d", 1:19),
  x = c(0:9, 10, 11, 100, 1e7, 5, NA, 20, 0, 250),
  n = c(rep(1000, 10), 1000, 1000, 100000, 1, 1e7, 100, NA, 1, 123456)
)
write_fixture(rate_in, "phe-rate-input")
write_fixture(phe_rate(rate_in, x, n, confidence = c(0.95, 0.998), multiplier = 100000), "phe-rate-m100000")
write_fixture(phe_rate(rate_in, x, n, confidence = 95, multiplier = 1000), "phe-rate-m1000-95")

rateg_in <- data.frame(
  g = c("A", "A", "A", "B", "B", "C", "D", "D"),
  x = c(3, 4, 2, 10, NA, 0, 600, 7),
  n = c(1000, 2000, 500, 100, 100, 50, 1e6, 3e6)
)
write_fixture(rateg_in, "phe-rate-grouped-input")
write_fixture(phe_rate(group_by(rateg_in, g), x, n, confidence = c(0.95, 0.998)), "phe-rate-grouped")

# ---- PHEindicatormethods: mean (no missing values: Fairview leaves them out, R counts them) -----

mean_in <- data.frame(
  g = c("one", rep("same", 3), rep("mixed", 7), rep("big", 5), rep("two", 2)),
  v = c(42, 5, 5, 5, 0.1, 0.2, 0.3, -1.5, 2.25, 1e-3, 7, 1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4, 1e9 + 6, 12, 15)
)
write_fixture(mean_in, "phe-mean-input")
write_fixture(phe_mean(group_by(mean_in, g), v, confidence = c(0.95, 0.998)), "phe-mean")
write_fixture(phe_mean(group_by(mean_in, g), v, confidence = 0.95), "phe-mean-95")

# ---- PHEindicatormethods: DSR with esp2013 ----------------------------------------------------------

bands <- c("0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49",
           "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+")
dsr_in <- data.frame(
  g = rep(c("G1", "G2", "G3", "G4", "G5", "G6"), each = 19),
  ageband = rep(bands, 6),
  x = c(
    c(0, 1, 0, 2, 3, 5, 4, 6, 9, 12, 20, 31, 44, 60, 85, 110, 140, 120, 90),
    c(0, 0, 0, 0, 1, 0, 0, 2, 0, 0, 1, 0, 0, 3, 0, 0, 1, 1, 0),
    c(NA, 2, NA, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, NA, 14, 15, 16, 17, 18),
    c(0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 2, 0, 2, 1, 1, 0),
    c(1e3, 2e3, 1500, 2500, 4000, 5200, 6100, 7000, 8800, 9900, 12000, 15000, 21000, 30000, 41000,
      52000, 61000, 50000, 30000),
    c(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 4, 5, 1, 2, 3, 1, 1)
  ),
  n = c(
    c(5000, 5200, 5400, 5600, 6000, 6100, 6400, 6800, 7000, 7100, 6900, 6500, 6000, 5200, 4600, 3800, 2600, 1400, 700),
    rep(1000, 19),
    seq(2000, 2000 + 18 * 150, by = 150),
    rep(10000, 19),
    rep(1e7, 19),
    c(1, rep(500, 17), 1)
  ),
  stdpop = rep(esp2013, 6)
)
write_fixture(dsr_in, "phe-dsr-input")
write_fixture(
  calculate_dsr(group_by(dsr_in, g), x, n, stdpop = stdpop, confidence = c(0.95, 0.998)),
  "phe-dsr"
)
write_fixture(
  calculate_dsr(group_by(dsr_in, g), x, n, stdpop = stdpop, confidence = 0.95, multiplier = 1000),
  "phe-dsr-m1000-95"
)

dsrni_in <- expand.grid(freq = 1:3, ageband = c("0-64", "65-74", "75+"), g = c("A", "B", "C"),
                        stringsAsFactors = FALSE)[, c("g", "ageband", "freq")]
dsrni_in$n <- c(rep(61000, 3), rep(9000, 3), rep(5200, 3), rep(30500, 3), rep(4500, 3), rep(2600, 3),
                rep(800, 3), rep(300, 3), rep(150, 3))
dsrni_in$stdpop <- rep(rep(c(81000, 10500, 8500), each = 3), 3)
dsrni_in$persons <- c(10, 2, 1, 20, 4, 1, 40, 9, 3, 5, 1, 0, 11, 2, 1, 22, NA, 2, 1, 0, 0, 2, 1, 0, 1, 0, 1)
write_fixture(dsrni_in, "phe-dsr-nonindependent-input")
write_fixture(
  calculate_dsr(group_by(dsrni_in, g), persons, n, stdpop = stdpop, confidence = c(0.95, 0.998),
                independent_events = FALSE, eventfreq = freq, ageband = ageband),
  "phe-dsr-nonindependent"
)

# ---- PHEindicatormethods: indirect standardisation ----------------------------------------------

isr_in <- data.frame(
  g = rep(c("P1", "P2", "P3", "P4", "P5"), each = 3),
  band = rep(c("0-64", "65-74", "75+"), 5),
  x = c(3, 15, 25, 6, 10, 12, 0, 0, 0, 1, 2, 3, NA, 40, 7),
  n = c(5200, 700, 400, 7000, 800, 600, 900, 50, 20, 3000, 200, 100, 4000, NA, 300),
  xref = rep(c(95000, 160000, 250000), 5),
  nref = rep(c(45000000, 6000000, 5000000), 5)
)
write_fixture(isr_in, "phe-isr-input")
write_fixture(
  calculate_ISRatio(group_by(isr_in, g), x, n, xref, nref, refpoptype = "field",
                    confidence = c(0.95, 0.998), refvalue = 100),
  "phe-isratio-field-100"
)
write_fixture(
  calculate_ISRatio(group_by(isr_in, g), x, n, c(95000, 160000, 250000), c(45000000, 6000000, 5000000),
                    confidence = 0.95),
  "phe-isratio-vector-95"
)
write_fixture(
  calculate_ISRate(group_by(isr_in, g), x, n, xref, nref, refpoptype = "field", confidence = c(0.95, 0.998)),
  "phe-israte-field"
)

# ---- PHEindicatormethods: funnel significance, points and limits --------------------------------

set.seed(20210401)
fsp_den <- c(120, 420, 600, 1500, 2400, 4000, 8000, 15000, 30, 55, 9000, 700, 2500, 3300, 10, 1)
fsp_num <- round(fsp_den * c(0.79, 0.714, 0.683, 0.533, 0.604, 0.725, 0.66, 0.6585, 0.9, 0.5, 0.69, 0.64,
                             0.6, 0.7, 1, 1))
fsp_in <- data.frame(id = sprintf("u%02d", seq_along(fsp_den)), num = fsp_num, den = fsp_den)
write_fixture(fsp_in, "phe-funnel-proportion-input")
write_fixture(assign_funnel_significance(fsp_in, num, den, statistic = "proportion"),
              "phe-funnel-proportion-significance")
write_fixture(calculate_funnel_limits(fsp_in, num, den, statistic = "proportion", multiplier = 100),
              "phe-funnel-proportion-limits-m100")
write_fixture(calculate_funnel_limits(fsp_in, num, den, statistic = "proportion", multiplier = 1),
              "phe-funnel-proportion-limits-m1")

# A narrow range of denominators: the axis starts at signif.floor(min), where R writes 12000000 as
# "1.2e+07" and so rounds to the leading two digits.
fspn_in <- data.frame(id = c("n1", "n2", "n3", "n4"), num = c(1263000, 1500000, 1900000, 1750000),
                      den = c(12631579, 15000000, 20000000, 17500000))
write_fixture(fspn_in, "phe-funnel-proportion-narrow-input")
write_fixture(calculate_funnel_limits(fspn_in, num, den, statistic = "proportion", multiplier = 100),
              "phe-funnel-proportion-narrow-limits")
write_fixture(assign_funnel_significance(fspn_in, num, den, statistic = "proportion"),
              "phe-funnel-proportion-narrow-significance")

fr_in <- data.frame(
  id = sprintf("s%02d", 1:16),
  obs = c(0, 0, 1, 3, 9, 10, 12, 25, 40, 80, 150, 200, 5, 300, 90, 8),
  exp = c(0.5, 6, 4.2, 3, 2.5, 12.5, 6.1, 24.9, 30, 100.2, 120, 260, 14.7, 305.55, 50, 1.2)
)
write_fixture(fr_in, "phe-funnel-ratio-input")
write_fixture(assign_funnel_significance(fr_in, obs, exp, statistic = "ratio"), "phe-funnel-ratio-significance")
write_fixture(calculate_funnel_limits(fr_in, obs, exp, statistic = "ratio", ratio_type = "count", multiplier = 1),
              "phe-funnel-ratio-limits-count")
write_fixture(calculate_funnel_limits(fr_in, obs, exp, statistic = "ratio", ratio_type = "isr", multiplier = 1),
              "phe-funnel-ratio-limits-isr")

frc_in <- data.frame(
  id = sprintf("c%02d", 1:10),
  num = c(0, 3, 12, 45, 80, 150, 210, 9, 33, 500),
  den = c(25000, 15000, 30000, 60000, 70000, 160000, 190000, 4000, 52000, 400000)
)
frc_in$rate <- ifelse(frc_in$num == 0, NA, frc_in$num / frc_in$den * 100000)
write_fixture(frc_in, "phe-funnel-rate-crude-input")
write_fixture(assign_funnel_significance(frc_in, num, den, rate = rate, statistic = "rate", rate_type = "crude",
                                         multiplier = 100000),
              "phe-funnel-rate-crude-significance")
write_fixture(calculate_funnel_limits(frc_in, num, den, rate = rate, statistic = "rate", rate_type = "crude",
                                      multiplier = 100000, years_of_data = 3),
              "phe-funnel-rate-crude-limits")
write_fixture(calculate_funnel_points(frc_in, num, den, rate = rate, rate_type = "crude", years_of_data = 3,
                                      multiplier = 100000),
              "phe-funnel-rate-crude-points")

frd_in <- data.frame(
  id = sprintf("d%02d", 1:9),
  num = c(0, 5, 9, 10, 25, 60, 140, 300, 41),
  den = c(20000, 8000, 9000, 10000, 21000, 40000, 90000, 150000, 50000),
  rate = c(NA, 55.2, 88.1, 97.3, 110.45, 160.2, 149.9, 201.33, 77.7)
)
write_fixture(frd_in, "phe-funnel-rate-dsr-input")
write_fixture(assign_funnel_significance(frd_in, num, den, rate = rate, statistic = "rate", rate_type = "dsr",
                                         multiplier = 100000),
              "phe-funnel-rate-dsr-significance")
write_fixture(calculate_funnel_limits(frd_in, num, den, rate = rate, statistic = "rate", rate_type = "dsr",
                                      multiplier = 100000, years_of_data = 1),
              "phe-funnel-rate-dsr-limits")
write_fixture(calculate_funnel_points(frd_in, num, den, rate = rate, rate_type = "dsr", years_of_data = 1,
                                      multiplier = 100000),
              "phe-funnel-rate-dsr-points")

# ---- FunnelPlotR --------------------------------------------------------------------------------

plotr_out <- function(fp, name) {
  agg <- fp$aggregated_data
  agg$phi <- fp$phi
  agg$tau2 <- fp$tau2
  agg$draw_adjusted <- fp$draw_adjusted
  agg$draw_unadjusted <- fp$draw_unadjusted
  write_fixture(agg, name)
  write_fixture(fp$limits_lookup, paste0(name, "-grid"))
}
quiet <- function(expr) suppressMessages(suppressWarnings(expr))

pr_od_in <- data.frame(
  unit = c("P01", "P01", "P02", "P03", "P04", "P05", "P06", "P07", "P08", "P09", "P10", "P11", "P12", "P13",
           "P14", "P15", "P16", "P17", "P18", "P19", "P20", "Z9", "a1"),
  num = c(200, 210, 1450, 300, 2900, 800, 95, 512, 60, 3, 1200, 640, 77, 910, 0, 15, 333, 1000, 48, 2500,
          150, 10, 19),
  den = c(300, 300, 2400, 420, 4000, 1500, 120, 800, 70, 9, 1850, 1000, 100, 1400, 12, 15, 500, 1600, 80,
          3700, 230, 10, 40)
)
write_fixture(pr_od_in, "plotr-pr-od-input")
plotr_out(quiet(funnel_plot(pr_od_in, num, den, unit, data_type = "PR", limit = 99)), "plotr-pr-od-99")
plotr_out(quiet(funnel_plot(pr_od_in, num, den, unit, data_type = "PR", limit = 95, multiplier = 100)),
          "plotr-pr-od-95-m100")
plotr_out(quiet(funnel_plot(pr_od_in, num, den, unit, data_type = "PR", limit = 99, draw_adjusted = FALSE,
                            draw_unadjusted = TRUE)),
          "plotr-pr-od-unadjusted")

pr_under_in <- data.frame(
  unit = sprintf("Q%02d", 1:12),
  num = c(65, 130, 33, 98, 200, 66, 131, 32, 99, 201, 650, 13),
  den = c(100, 200, 50, 150, 300, 100, 200, 50, 150, 300, 1000, 20)
)
write_fixture(pr_under_in, "plotr-pr-under-input")
plotr_out(quiet(funnel_plot(pr_under_in, num, den, unit, data_type = "PR", limit = 99)), "plotr-pr-under-99")

sr_od_in <- data.frame(
  unit = c("T01", "T02", "T03", "T04", "T05", "T06", "T07", "T08", "T09", "T10", "T11", "T12", "T13", "T14",
           "T15", "T16", "T17", "T18", "T19", "T20", "T21", "T22", "T02"),
  num = c(100, 30, 250, 50, 0, 400, 75, 75, 12, 600, 120, 95, 33, 47, 210, 5, 88, 160, 1000, 300, 44, 70, 15),
  den = c(90.123, 20.005, 300.5, 49.995, 3.2, 350.005, 60.125, 60.125, 20, 610.2, 80.015, 100.345, 30.5,
          55.555, 190.425, 4.4, 90.875, 120.005, 980.335, 310.2, 40.1, 71.65, 12.5)
)
write_fixture(sr_od_in, "plotr-sr-od-input")
plotr_out(quiet(funnel_plot(sr_od_in, num, den, unit, data_type = "SR", sr_method = "SHMI", limit = 99)),
          "plotr-sr-od-99")
plotr_out(quiet(funnel_plot(sr_od_in, num, den, unit, data_type = "SR", sr_method = "SHMI", limit = 95,
                            SHMI_rounding = FALSE, multiplier = 100)),
          "plotr-sr-od-95-norounding-m100")

sr_under_in <- data.frame(
  unit = sprintf("U%02d", 1:12),
  num = c(100, 52, 198, 29, 75, 410, 11, 60, 150, 33, 250, 90),
  den = c(101.5, 50.25, 200.75, 30.1, 74.333, 405.5, 10.8, 61.2, 149.05, 32.5, 252.2, 88.885)
)
write_fixture(sr_under_in, "plotr-sr-under-input")
plotr_out(quiet(funnel_plot(sr_under_in, num, den, unit, data_type = "SR", sr_method = "SHMI", limit = 99)),
          "plotr-sr-under-99")

# ---- NHSRplotthedots ------------------------------------------------------------------------------

spc_out <- function(s, name) {
  df <- as.data.frame(s)
  df$x <- as.Date(df$x)
  write_fixture(df, name)
  sm <- as.data.frame(summary(s))
  write_fixture(sm, paste0(name, "-summary"))
}
quiet_print <- function(expr) {
  invisible(utils::capture.output(r <- suppressWarnings(expr)))
  r
}

months <- function(n, from = "2021-01-01") seq(as.Date(from), by = "month", length.out = n)

# One series: a point above the limit, a rising trend, 2-in-3 high, a shift below, points on the mean.
spc1_in <- data.frame(
  month = months(36),
  value = c(10, 11, 9, 10, 12, 10, 9, 11, 10, 22, 10, 9,
            8, 9, 10, 11, 12, 13, 14, 10, 10, 15.5, 15.2, 10,
            7, 8, 7.5, 8, 7.2, 8.1, 7.9, 10, 10, 3, 10, 10)
)
write_fixture(spc1_in, "spc-single-input")
spc_out(quiet_print(ptd_spc(spc1_in, value, month)), "spc-single-increase")
spc_out(quiet_print(ptd_spc(spc1_in, value, month, improvement_direction = "decrease", target = 12)),
        "spc-single-decrease-target")
spc_out(quiet_print(ptd_spc(spc1_in, value, month, improvement_direction = "neutral", screen_outliers = FALSE)),
        "spc-single-neutral-noscreen")
spc_out(quiet_print(ptd_spc(spc1_in, value, month, fix_after_n_points = 12,
                            rebase = as.Date(c("2022-01-01", "2022-09-01", "2030-01-01")),
                            target = 9)),
        "spc-single-fix12-rebase")

# 2 of 3 points close to a limit, above and below; a tie inside a rise (no trend); points on the mean.
spc3_in <- data.frame(
  week = seq(as.Date("2023-01-02"), by = "week", length.out = 30),
  value = c(10, 11, 9, 10, 11, 9, 10, 12.9, 10.5, 13.1, 10, 9, 10, 11, 7.3, 9.5, 7.4, 10, 11, 9,
            8, 9, 10, 10, 11, 12, 13, 10, 10, 10)
)
write_fixture(spc3_in, "spc-two-in-three-input")
spc_out(quiet_print(ptd_spc(spc3_in, value, week)), "spc-two-in-three")

# Facets given out of order, rebased and targeted per facet; a falling trend, 2-in-3 low, a shift above.
spc2_a <- c(50, 52, 49, 51, 50, 48, 53, 50, 51, 49, 47, 45, 44, 42, 40, 38, 36, 50, 51, 52, 53, 54, 55, 56)
spc2_b <- c(5, 5.5, 4.8, 5.1, 5, 5.2, 4.9, 5, 3.6, 5.1, 3.5, 5, 6, 6.1, 6.2, 5.9, 6.3, 6.05, 6.15, 6.4, 6, 5.95,
            6.2, 6.1)
spc2_in <- data.frame(
  ward = c(rep("b", 24), rep("a", 24), rep("B", 14)),
  month = c(months(24), months(24), months(14, "2022-01-01")),
  falls = c(spc2_b, spc2_a, c(3, 4, 3, 5, 4, 3, 4, 4, 3, 5, 4, 12, 4, 3))
)
spc2_in <- spc2_in[c(seq(1, 62, by = 2), seq(2, 62, by = 2)), ]
write_fixture(spc2_in, "spc-facets-input")
spc_out(quiet_print(ptd_spc(spc2_in, falls, month, facet_field = ward,
                            rebase = ptd_rebase(a = as.Date("2022-06-01"), b = as.Date(c("2021-09-01", "2022-01-01"))),
                            target = ptd_target(a = 60, b = 4.5),
                            improvement_direction = "decrease")),
        "spc-facets-decrease")
spc_out(quiet_print(ptd_spc(spc2_in, falls, month, facet_field = ward, target = 5)), "spc-facets-increase")

# ---- Real data: QOF 2020-21 atrial fibrillation registers (first 300 practices in the file) ----------

qof_path <- Sys.getenv("QOF_PREVALENCE", "/work/shared/data/nhs/qof/PREVALENCE_2021_v2.csv")
if (file.exists(qof_path)) {
  qof <- utils::read.csv(qof_path, stringsAsFactors = FALSE)
  af <- qof[qof$GROUP_CODE == "AF", c("PRACTICE_CODE", "REGISTER", "PRACTICE_LIST_SIZE")]
  af <- head(af[af$PRACTICE_LIST_SIZE > 0, ], 300)
  names(af) <- c("practice", "register", "list_size")
  write_fixture(af, "qof-af-input")
  write_fixture(phe_proportion(af, register, list_size, confidence = c(0.95, 0.998), multiplier = 100),
                "qof-af-proportion")
  write_fixture(assign_funnel_significance(af, register, list_size, statistic = "proportion"),
                "qof-af-phe-significance")
  plotr_out(quiet(funnel_plot(af, register, list_size, practice, data_type = "PR", limit = 99)),
            "qof-af-plotr-pr")
}

# ---- R primitives Fairview emulates ----------------------------------------------------------------

prim <- list()
add <- function(fn, a, b, value) prim[[length(prim) + 1]] <<- data.frame(fn = fn, a = a, b = b, value = value)
for (p in c(1e-300, 1e-100, 1e-20, 1e-10, 1e-6, 1e-3, 0.0005, 0.001, 0.025, 0.1, 0.5, 0.975, 0.999, 0.9995,
            1 - 1e-6, 1 - 1e-10)) add("qnorm", p, NA, qnorm(p))
for (df in c(1, 2, 3, 5, 10, 19, 20, 21, 100, 1000, 10000, 2e7 + 2)) {
  for (p in c(1e-10, 1e-6, 0.001, 0.025, 0.5, 0.975, 0.999, 1 - 1e-6)) add("qchisq", p, df, qchisq(p, df))
}
add("qchisq", 0.025, 0, qchisq(0.025, 0))
for (df in c(1, 2, 3, 4, 5, 10, 30, 100, 1000, 10000)) {
  for (p in c(1e-6, 0.0005, 0.001, 0.025, 0.1)) add("qt", p, df, qt(p, df))
}
for (x in c(0.125, 0.135, 2.675, 1.005, 12.345, 0.285, 5.015, 1234.565, 0.145, 100.005, 2.5e-3, 7.0049999,
            33.335, 99.995, 0.005)) add("round2", x, 2, round(x, 2))
for (x in c(0.5, 1.5, 2.5, -0.5, -1.5, 3.4999999, 1e15 + 0.5, 12.5)) add("round0", x, 0, round(x))
for (v in c(0, 1, 9, 10, 99999, 100000, 120000, 1200000, 12000000, 1e6, 2e7, 123456789, 1e15, 3e16)) {
  add("nchar_as_character", v, NA, nchar(as.character(v)))
}
prim_df <- do.call(rbind, prim)
as_char <- c(0, 1, 10, 99999, 100000, 120000, 1200000, 12000000, 1e6, 2e7, 123456789, 1e15, 3e16, 100000001, 250000)
write_fixture(data.frame(v = as_char, text = as.character(as_char)), "r-as-character")
write_fixture(prim_df, "r-primitives")

q_vectors <- list(
  c(3, 1, 2),
  c(-1.5, 0.2, 0.2, 4, 10, -Inf, 7, 7, 7, 2.5, 0.1),
  c(5),
  c(1.1, 2.2, 3.3, 4.4, 5.5, 6.6, 7.7, 8.8, 9.9, 11, 12.1, 13.2, 14.3)
)
qrows <- list()
for (i in seq_along(q_vectors)) {
  v <- q_vectors[[i]]
  for (p in c(0.05, 0.1, 0.2, 0.5, 0.9, 0.95)) {
    qrows[[length(qrows) + 1]] <- data.frame(vector = i, p = p, value = unname(quantile(v, p, type = 7)))
  }
}
write_fixture(do.call(rbind, qrows), "r-quantile7")
write_fixture(data.frame(vector = rep(seq_along(q_vectors), lengths(q_vectors)),
                         value = unlist(q_vectors),
                         rank = unlist(lapply(q_vectors, rank, ties.method = "average"))),
              "r-rank-average")

m_vectors <- list(
  c(0.1, 0.2, 0.3),
  c(1e16, 1, -1e16, 3),
  c(10, 11, 9, 10, 12, 10, 9, 11, 10, 22, 10, 9),
  c(1e9 + 0.1, 1e9 + 0.2, 1e9 + 0.3, 1e9 + 0.7),
  c(2.675, 1 / 3, 2 / 3, 1e-8, 123456.789)
)
write_fixture(data.frame(vector = seq_along(m_vectors),
                         values = vapply(m_vectors, function(v) paste(sprintf("%.17g", v), collapse = ";"), ""),
                         mean = vapply(m_vectors, mean, 0),
                         sum = vapply(m_vectors, sum, 0)),
              "r-mean-sum")

seq_cases <- data.frame(from = c(1.1, 3, 1.1, 3), to = c(1000, 4000, 37, 12631579))
write_fixture(do.call(rbind, lapply(seq_len(nrow(seq_cases)), function(i) {
  s <- seq(seq_cases$from[i], seq_cases$to[i], length.out = 1000)
  data.frame(case = i, from = seq_cases$from[i], to = seq_cases$to[i], index = c(1, 2, 500, 999, 1000),
             value = s[c(1, 2, 500, 999, 1000)])
})), "r-seq-length-out")

writeLines(c(
  paste("R", R.version$major, R.version$minor),
  paste("dplyr", as.character(packageVersion("dplyr"))),
  paste("generated", format(Sys.time(), "%Y-%m-%d"))
), file.path(out_dir, "r-session.txt"))
cat("wrote fixtures to", out_dir, "\n")
