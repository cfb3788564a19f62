{
  "targets": [
    {
      "target_name": "resp_parser_native",
      "sources": ["native/addon.c", "native/scanner.c"],
      "defines": ["NAPI_VERSION=8"],
      "cflags_c": ["-std=c11", "-O3", "-Wall", "-Wextra"],
      "cflags!": ["-fno-exceptions"],
      "xcode_settings": { "OTHER_CFLAGS": ["-std=c11", "-O3"] },
      "msvs_settings": { "VCCLCompilerTool": { "Optimization": 2 } }
    }
  ]
}
