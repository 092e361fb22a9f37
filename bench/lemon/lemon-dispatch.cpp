// LEMON peer for bench/matching.ts (issue 16): reads one dispatch instance in the bench's binary
// format and solves it with LEMON as min-cost flow.
//   lemon-dispatch <instance.bin> <max-matched-then-score|max-score> [network-simplex|cost-scaling]
// Formulation: each need supplies 1 unit, to a resource (a pair arc) or straight to the sink (its
// drop arc); each resource passes at most its capacity to the sink, which takes all n units. The
// supplies sum to 0, so every constraint is an equality (a GEQ model with demand-node resources
// would let needs send more than one unit). Costs are shifted by the pair weight M per need (each
// need sends exactly one unit): a pair costs -score and a drop costs M, the same optimum as the
// first version's pairs at -(M + score) and drops at 0, with small pair costs.
// Instance (little-endian int32): needCount, resourceCount, edgeCount, capacity[resourceCount],
// edgeNeed[edgeCount], edgeResource[edgeCount], edgeScore[edgeCount].
// Prints one JSON line: solve time, wall and CPU (graph build + run, excluding file reading), matched,
// total score, peak RSS.
#include <lemon/list_graph.h>
#include <lemon/smart_graph.h>
#include <lemon/network_simplex.h>
#include <lemon/cost_scaling.h>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using namespace lemon;

static std::vector<int> readInts(FILE* file, size_t count) {
  std::vector<int> values(count);
  if (count > 0 && fread(values.data(), sizeof(int), count, file) != count) {
    fprintf(stderr, "short read\n");
    exit(2);
  }
  return values;
}

int main(int argc, char** argv) {
  if (argc != 3 && argc != 4) {
    fprintf(stderr, "usage: %s <instance.bin> <max-matched-then-score|max-score> [network-simplex|cost-scaling]\n", argv[0]);
    return 2;
  }
  const bool costScaling = argc == 4 && std::strcmp(argv[3], "cost-scaling") == 0;
  const bool lexicographic = std::strcmp(argv[2], "max-score") != 0;
  FILE* file = fopen(argv[1], "rb");
  if (file == nullptr) { perror(argv[1]); return 2; }
  std::vector<int> header = readInts(file, 3);
  const int needCount = header[0], resourceCount = header[1], edgeCount = header[2];
  std::vector<int> capacity = readInts(file, resourceCount);
  std::vector<int> edgeNeed = readInts(file, edgeCount);
  std::vector<int> edgeResource = readInts(file, edgeCount);
  std::vector<int> edgeScore = readInts(file, edgeCount);
  fclose(file);

  auto start = std::chrono::steady_clock::now();
  const std::clock_t cpuStart = std::clock();
  long long maxScore = 0;
  for (int e = 0; e < edgeCount; e++) if (edgeScore[e] > maxScore) maxScore = edgeScore[e];
  // Cardinality first: one more pair is worth more than any total score.
  const long long bigM = lexicographic ? maxScore * (long long)needCount + 1 : 0;

  SmartDigraph graph;
  graph.reserveNode(needCount + resourceCount + 1);
  graph.reserveArc(edgeCount + needCount + resourceCount);
  std::vector<SmartDigraph::Node> need(needCount), resource(resourceCount);
  for (int i = 0; i < needCount; i++) need[i] = graph.addNode();
  for (int r = 0; r < resourceCount; r++) resource[r] = graph.addNode();
  SmartDigraph::Node sink = graph.addNode();
  SmartDigraph::ArcMap<long long> upper(graph), cost(graph);
  SmartDigraph::NodeMap<long long> supply(graph, 0);
  std::vector<SmartDigraph::Arc> pairArc(edgeCount);
  for (int e = 0; e < edgeCount; e++) {
    SmartDigraph::Arc arc = graph.addArc(need[edgeNeed[e]], resource[edgeResource[e]]);
    upper[arc] = 1;
    cost[arc] = -edgeScore[e];
    pairArc[e] = arc;
  }
  for (int i = 0; i < needCount; i++) {
    SmartDigraph::Arc drop = graph.addArc(need[i], sink);  // the need stays unmatched
    upper[drop] = 1;
    cost[drop] = bigM;
    supply[need[i]] = 1;
  }
  for (int r = 0; r < resourceCount; r++) {
    SmartDigraph::Arc arc = graph.addArc(resource[r], sink);
    upper[arc] = capacity[r];
    cost[arc] = 0;
  }
  supply[sink] = -needCount;

  bool optimal;
  std::vector<long long> flow(edgeCount);
  if (costScaling) {
    CostScaling<SmartDigraph, long long, long long> solver(graph);
    solver.upperMap(upper).costMap(cost).supplyMap(supply);
    optimal = solver.run() == CostScaling<SmartDigraph, long long, long long>::OPTIMAL;
    for (int e = 0; e < edgeCount; e++) flow[e] = solver.flow(pairArc[e]);
  } else {
    NetworkSimplex<SmartDigraph, long long, long long> solver(graph);
    solver.upperMap(upper).costMap(cost).supplyMap(supply);
    optimal = solver.run() == NetworkSimplex<SmartDigraph, long long, long long>::OPTIMAL;
    for (int e = 0; e < edgeCount; e++) flow[e] = solver.flow(pairArc[e]);
  }
  long long matched = 0, totalScore = 0;
  for (int e = 0; e < edgeCount; e++) {
    if (flow[e] > 0) { matched++; totalScore += edgeScore[e]; }
  }
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  double cpuMs = 1000.0 * double(std::clock() - cpuStart) / CLOCKS_PER_SEC;
  // Peak RSS of this program: VmHWM belongs to its own address space, while ru_maxrss keeps the
  // parent's peak across exec (the bench's node process, which made S1 and S2 look like 224-295 MB).
  double peakRssMb = 0;
  if (FILE* status = fopen("/proc/self/status", "r")) {
    char line[256];
    while (fgets(line, sizeof line, status) != nullptr) {
      if (std::strncmp(line, "VmHWM:", 6) == 0) peakRssMb = std::atof(line + 6) / 1024.0;
    }
    fclose(status);
  }
  printf("{\"status\":\"%s\",\"ms\":%.1f,\"cpuMs\":%.1f,\"matched\":%lld,\"totalScore\":%lld,\"peakRssMb\":%.1f}\n",
         optimal ? "optimal" : "not optimal",
         ms, cpuMs, matched, totalScore, peakRssMb);
  return 0;
}
