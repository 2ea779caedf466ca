{{- define "kubegpt.name" -}}
{{- .Chart.Name -}}
{{- end -}}

{{- define "kubegpt.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "kubegpt.labels" -}}
app.kubernetes.io/name: {{ include "kubegpt.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "kubegpt.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kubegpt.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
