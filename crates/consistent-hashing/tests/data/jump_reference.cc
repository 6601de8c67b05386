// The paper's reference listing (Lamping and Veach 2014, Figure 1), verbatim in
// JumpConsistentHash, and the driver that printed tests/paper_claims.rs's JUMP_REFERENCE:
//   g++ -O2 -o jch jump_reference.cc && ./jch
#include <cstdint>
#include <cstdio>
// Lamping & Veach 2014, Figure 1, verbatim.
int32_t JumpConsistentHash(uint64_t key, int32_t num_buckets) {
    int64_t b = -1, j = 0;
    while (j < num_buckets) {
        b = j;
        key = key * 2862933555777941757ULL + 1;
        j = (b + 1) * (double(1LL << 31) / double((key >> 33) + 1));
    }
    return b;
}
int main() {
    uint64_t keys[] = {0ULL, 1ULL, 2ULL, 42ULL, 0xdeadbeefULL, 0x0123456789abcdefULL, 0xffffffffffffffffULL, 10863919174838991ULL, 2016238256797177309ULL, 1673758223894951030ULL};
    int32_t buckets[] = {1, 2, 10, 60, 100, 1000, 65536, 2147483647};
    for (auto k : keys) for (auto n : buckets) printf("(0x%016llxu64, %d, %d),\n", (unsigned long long)k, n, JumpConsistentHash(k, n));
}
