#include "net/tcp/rto.h"

namespace akuma::net::tcp {

namespace {
// Clock granularity G of RFC 6298: our clock counts milliseconds.
constexpr uint64_t kGranularityMs = 1;
}  // namespace

void RtoEstimator::sample(uint64_t r) {
  if (!have_sample_) {
    // (2.2) first measurement
    srtt_ms_ = r;
    rttvar_ms_ = r / 2;
    have_sample_ = true;
  } else {
    // (2.3) beta = 1/4, alpha = 1/8; RTTVAR first, using the old SRTT.
    uint64_t delta = srtt_ms_ > r ? srtt_ms_ - r : r - srtt_ms_;
    rttvar_ms_ = (3 * rttvar_ms_ + delta) / 4;
    srtt_ms_ = (7 * srtt_ms_ + r) / 8;
  }
  uint64_t var = 4 * rttvar_ms_ > kGranularityMs ? 4 * rttvar_ms_ : kGranularityMs;
  uint64_t rto = srtt_ms_ + var;
  if (rto < min_ms_) rto = min_ms_;  // (2.4)
  if (rto > max_ms_) rto = max_ms_;  // (2.5)
  rto_ms_ = rto;
}

void RtoEstimator::backoff() {
  rto_ms_ = rto_ms_ * 2 > max_ms_ ? max_ms_ : rto_ms_ * 2;
}

}  // namespace akuma::net::tcp
