Feature: Rendering on a hardware GPU
  Driver and GPU differences change rendered pixels slightly. Thresholds
  computed from GPU renders must stay within the bootstrap tolerance of
  those pinned from software renders. Run with SIMCAL_SUITE=gpu on a
  machine with a GPU; the embedding cache must be empty, so that views are
  rendered again.

  @gpu @serial
  Scenario: GPU-rendered thresholds match the pinned ones
    Given the built-in catalog with 4 classes and 10 objects per class
    And the encoder preset "pointnet-proxy"
    And the encoder preset "efficientnet-lite0"
    And 400 negative pairs
    When the pipeline runs
    Then the views were rendered on a hardware GPU
    And the pinned thresholds match snapshot "fast-builtin-4x10"
