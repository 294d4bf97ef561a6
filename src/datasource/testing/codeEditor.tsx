// Monaco, behind @grafana/ui's CodeEditor, does not load in jsdom (nor is monaco-editor a dependency:
// Grafana brings it). Unit tests replace only that component, with a textarea that calls the same
// props as CodeEditor does: onChange is the one it was mounted with (CodeEditor subscribes it to the
// model once), onBlur the current one. Everything else renders for real. Only imported by tests.
import React, { useRef } from 'react';
import type { CodeEditor } from '@grafana/ui';

type CodeEditorProps = React.ComponentProps<typeof CodeEditor>;

export function FakeCodeEditor({ value, language, onChange, onBlur, monacoOptions }: CodeEditorProps) {
  const mountedOnChange = useRef(onChange);
  return (
    <textarea
      aria-label={monacoOptions?.ariaLabel ?? 'Code editor'}
      data-language={language}
      value={value}
      onChange={(event) => mountedOnChange.current?.(event.currentTarget.value)}
      onBlur={(event) => onBlur?.(event.currentTarget.value)}
    />
  );
}
