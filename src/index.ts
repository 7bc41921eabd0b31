/**
 * The handlers named in manifest.yml (`handler: index.<name>`), and nothing else.
 * test/manifest/ checks that every manifest handler is exported here.
 */
export {};
