import tseslint from 'typescript-eslint'
import vue from 'eslint-plugin-vue'
import vueParser from 'vue-eslint-parser'

export default tseslint.config(
  { ignores: ['dist/**', 'data/**', 'node_modules/**', 'public/**', 'bench/results/**'] },
  ...tseslint.configs.recommended,
  // Single-file components: the template by Vue's essential rules (correctness, not layout), the script block by the
  // TypeScript rules above (vue-eslint-parser hands <script lang="ts"> to typescript-eslint).
  ...vue.configs['flat/essential'],
  {
    files: ['**/*.vue'],
    languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser, sourceType: 'module' } },
  },
  {
    files: ['**/*.vue'],
    rules: {
      // Components are named by the domain (Choices, Ticker), one word where one word says it.
      'vue/multi-word-component-names': 'off',
      // A form row edits the fields of the draft its parent owns (never the prop itself).
      'vue/no-mutating-props': ['error', { shallowOnly: true }],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
)
