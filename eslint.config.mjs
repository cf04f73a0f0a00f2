import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Dependencies point one way: tensor <- graph <- solvers <- model <- train <- apps.
// Every project.json carries one `layer:` tag; this table says which layers it may import.
const depConstraints = [
  { sourceTag: 'layer:tensor', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'layer:graph', onlyDependOnLibsWithTags: ['layer:tensor'] },
  { sourceTag: 'layer:solvers', onlyDependOnLibsWithTags: ['layer:tensor'] },
  { sourceTag: 'layer:util', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'layer:algebra', onlyDependOnLibsWithTags: ['layer:tensor', 'layer:util', 'layer:algebra'] },
  {
    sourceTag: 'layer:model',
    onlyDependOnLibsWithTags: ['layer:tensor', 'layer:graph', 'layer:solvers', 'layer:model'],
  },
  { sourceTag: 'layer:optim', onlyDependOnLibsWithTags: ['layer:tensor', 'layer:graph', 'layer:optim'] },
  { sourceTag: 'layer:infra', onlyDependOnLibsWithTags: ['layer:tensor', 'layer:graph', 'layer:solvers'] },
  {
    sourceTag: 'layer:analysis',
    onlyDependOnLibsWithTags: ['layer:tensor', 'layer:graph', 'layer:solvers', 'layer:model', 'layer:algebra', 'layer:util', 'layer:analysis'],
  },
  {
    sourceTag: 'layer:train',
    // layer:infra and layer:train: @gsn/coordinator (tagged train) wires @gsn/train's runs onto
    // @gsn/distributed's workers (train never imports coordinator: nx rejects the cycle)
    onlyDependOnLibsWithTags: ['layer:tensor', 'layer:graph', 'layer:solvers', 'layer:model', 'layer:optim', 'layer:util', 'layer:analysis', 'layer:infra', 'layer:train'],
  },
  {
    sourceTag: 'layer:app',
    onlyDependOnLibsWithTags: [
      'layer:tensor', 'layer:graph', 'layer:solvers', 'layer:algebra', 'layer:model', 'layer:optim',
      'layer:infra', 'layer:util', 'layer:analysis', 'layer:train',
    ],
  },
  {
    sourceTag: 'type:tool',
    onlyDependOnLibsWithTags: [
      'layer:tensor', 'layer:graph', 'layer:solvers', 'layer:algebra', 'layer:model', 'layer:optim',
      'layer:infra', 'layer:util', 'layer:analysis', 'layer:train',
    ],
  },
];

export default [
  { ignores: ['**/node_modules', '**/dist', '**/out', 'tmp', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...nx.configs['flat/base'],
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: [], banTransitiveDependencies: false, depConstraints },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
];
