// Retransmission timeout estimation (RFC 6298): SRTT/RTTVAR smoothing, a
// floor and a ceiling, and exponential backoff. Karn's rule (no samples from
// retransmitted segments) is applied by the caller, which only times
// segments sent once.
#pragma once

#include <stdint.h>

namespace akuma::net::tcp {

class RtoEstimator {
 public:
  RtoEstimator(uint64_t initial_ms, uint64_t min_ms, uint64_t max_ms)
      : rto_ms_(initial_ms), min_ms_(min_ms), max_ms_(max_ms) {}

  void sample(uint64_t rtt_ms);
  void backoff();  // doubles the RTO, up to the ceiling (RFC 6298 5.5)
  uint64_t rto_ms() const { return rto_ms_; }
  uint64_t srtt_ms() const { return srtt_ms_; }
  uint64_t rttvar_ms() const { return rttvar_ms_; }

 private:
  bool have_sample_ = false;
  uint64_t srtt_ms_ = 0;
  uint64_t rttvar_ms_ = 0;
  uint64_t rto_ms_;
  uint64_t min_ms_;
  uint64_t max_ms_;
};

}  // namespace akuma::net::tcp
