/* win_strings.c — the window's interface text in English and Korean. Korean follows common usage
 * for the field (어텐션, 임베딩, 위치 인코딩, 헤드, 디코더) and reads as Korean, not a gloss. */
#include "win_strings.h"

#include <stddef.h>

static const char *const STR[S_COUNT][WIN_LANG_COUNT] = {
    [S_TAGLINE] = {"a Transformer you can see through", "속이 보이는 트랜스포머"},
    [S_RUN] = {"Run", "실행"},
    [S_GREEDY] = {"Greedy", "탐욕 탐색"},
    [S_BEAM] = {"Beam 4", "빔 탐색 4"},
    [S_EXPORT] = {"Export", "내보내기"},
    [S_LANG_OTHER] = {"한국어", "English"},
    [S_FIELD_PLACEHOLDER] = {"Type an English sentence and press Enter",
                             "영어 문장을 입력하고 Enter를 누르세요"},
    [S_OUTPUT] = {"Korean output", "한국어 출력"},
    [S_OUT_ALL] = {"all positions", "모든 위치"},
    [S_OUT_WAITING] = {"the encoder runs first — the output appears as the decoder steps advance",
                       "인코더가 먼저 실행됩니다 — 디코더 단계를 진행하면 출력이 한 토큰씩 나타납니다"},
    [S_MODE_STEP] = {"Step", "단계"},
    [S_MODE_MATRIX] = {"Tensor", "텐서"},
    [S_MODE_LINES] = {"Lines (Fig. 3)", "연결선 (그림 3)"},
    [S_MODE_GRID] = {"All heads", "모든 헤드"},
    [S_HEADS] = {"Heads", "헤드"},
    [S_ALL] = {"all", "전체"},
    [S_NAVIGATOR] = {"Model", "모델 구조"},
    [S_OPERATION] = {"Operation", "연산"},
    [S_FORMULA] = {"Formula", "수식"},
    [S_SHAPE] = {"Shape", "모양"},
    [S_INPUTS] = {"Computed from", "입력"},
    [S_NO_INPUTS] = {"(the sentence itself)", "(문장 자체)"},
    [S_STATS] = {"Statistics", "통계"},
    [S_MIN] = {"min", "최솟값"},
    [S_MAX] = {"max", "최댓값"},
    [S_MEAN] = {"mean", "평균"},
    [S_STD] = {"std", "표준편차"},
    [S_ENTROPY_ROW] = {"entropy of row %d '%s'", "%d번 행 '%s'의 엔트로피"},
    [S_ENTROPY_MEAN] = {"mean entropy of a row", "행 엔트로피 평균"},
    [S_STEP_OF] = {"step %d of %d", "%d / %d 단계"},
    [S_POSITION_OF] = {"output position %d of %d", "출력 위치 %d / %d"},
    [S_ALL_POSITIONS] = {"all output positions", "모든 출력 위치"},
    [S_SPEED] = {"%g steps/s", "초당 %g단계"},
    [S_SNAPSHOT] = {"training snapshot %d of %d: %s", "학습 스냅숏 %d / %d: %s"},
    [S_SNAPSHOT_MAIN] = {"the model as loaded", "불러온 모델"},
    [S_HOVER_HINT] = {"hover a cell to read its value · click a token to select it · wheel zooms, drag pans",
                      "칸 위에 마우스를 올리면 값이 보입니다 · 토큰을 클릭하면 선택됩니다 · 휠로 확대, 끌어서 이동"},
    [S_MSG_EMPTY] = {"The sentence is empty — type an English sentence and press Enter.",
                     "문장이 비어 있습니다 — 영어 문장을 입력하고 Enter를 누르세요."},
    [S_MSG_UNKNOWN] = {"Not in the model's vocabulary: %s", "모델의 어휘에 없는 단어: %s"},
    [S_MSG_SUGGEST] = {"did you mean", "혹시 이 단어인가요"},
    [S_MSG_RAN] = {"Ran the model in %.1f ms (%s).", "모델을 %.1f ms 만에 실행했습니다 (%s)."},
    [S_MSG_EXPORTED] = {"Saved %s and %s", "저장했습니다: %s, %s"},
    [S_MSG_EXPORT_FAILED] = {"Export failed: %s", "내보내기에 실패했습니다: %s"},
    [S_MSG_NO_MODEL] = {"This trace was opened from a file — start with --model to run new sentences.",
                        "파일에서 연 트레이스입니다 — 새 문장을 실행하려면 --model로 시작하세요."},
    [S_MSG_CANNOT_RUN] = {"Cannot run this sentence: %s", "이 문장은 실행할 수 없습니다: %s"},
    [S_MSG_SNAP_BAD] = {"Snapshot %s cannot be read: %s", "스냅숏 %s을(를) 읽을 수 없습니다: %s"},
    [S_MSG_SNAP_NONE] = {"No *.safetensors snapshots in %s", "%s에 *.safetensors 스냅숏이 없습니다"},
    [S_MSG_LANG] = {"Interface in English", "인터페이스를 한국어로 표시합니다"},
    [S_MSG_FOCUS] = {"Typing into the sentence — Enter runs it, Esc leaves the field",
                     "문장 입력 중 — Enter로 실행, Esc로 입력 칸에서 나가기"},
    [S_HELP_TITLE] = {"Keys and mouse", "키와 마우스"},
    [S_HELP_CLOSE] = {"F1, ? or Esc closes this page", "F1, ? 또는 Esc를 누르면 닫힙니다"},
    [S_HINT_TITLE] = {"Welcome to tfscope", "tfscope에 오신 것을 환영합니다"},
    [S_HINT_BODY1] = {"You are looking at one forward pass of a Transformer, recorded tensor by tensor.",
                      "트랜스포머의 순전파 한 번을 텐서 하나하나까지 기록해 보여 줍니다."},
    [S_HINT_BODY2] = {"The Right and Left arrow keys walk through it step by step; with Shift a sub-layer at a time, PgDn a whole layer.",
                      "오른쪽·왼쪽 화살표 키로 한 단계씩 이동합니다. Shift를 함께 누르면 부층 단위로, PgDn은 층 단위로 건너뜁니다."},
    [S_HINT_BODY3] = {"Click a block of the model, a token or a head; hover any cell to read its exact value.",
                      "모델의 블록, 토큰, 헤드를 클릭해 보세요. 칸 위에 마우스를 올리면 정확한 값이 나옵니다."},
    [S_HINT_BODY4] = {"Type your own sentence at the top and press Enter. F1 lists every key.",
                      "위쪽 입력 칸에 직접 문장을 넣고 Enter를 누르세요. F1을 누르면 모든 키가 나옵니다."},
    [S_HINT_CLOSE] = {"Press any key to start", "아무 키나 누르면 시작합니다"},
    [S_GROUP_EMBED_SRC] = {"source embedding", "입력 임베딩"},
    [S_GROUP_EMBED_TGT] = {"target embedding", "출력 임베딩"},
    [S_GROUP_ENC] = {"encoder layer %d", "인코더 %d층"},
    [S_GROUP_DEC] = {"decoder layer %d", "디코더 %d층"},
    [S_GROUP_ENC_NORM] = {"encoder norm", "인코더 정규화"},
    [S_GROUP_DEC_NORM] = {"decoder norm", "디코더 정규화"},
    [S_GROUP_OUT] = {"output", "출력"},
    [S_OP_EMBED] = {"embedding lookup × √d_model", "임베딩 조회 × √d_model"},
    [S_OP_POSENC] = {"sinusoidal positional encoding", "사인파 위치 인코딩"},
    [S_OP_ADD] = {"elementwise sum", "원소별 덧셈"},
    [S_OP_PROJECT] = {"linear projection, split into heads", "선형 사영 후 헤드별로 나누기"},
    [S_OP_SCORES] = {"scaled dot products of queries and keys", "쿼리와 키의 스케일된 내적"},
    [S_OP_SOFTMAX] = {"softmax over each row", "행별 소프트맥스"},
    [S_OP_CONTEXT] = {"attention-weighted sum of values", "어텐션 가중치로 값을 더하기"},
    [S_OP_LINEAR] = {"linear layer", "선형 층"},
    [S_OP_LINEAR_RELU] = {"linear layer and ReLU", "선형 층과 ReLU"},
    [S_OP_LAYERNORM] = {"layer normalisation", "층 정규화"},
    [S_ZOOM] = {"zoom %.0f×", "확대 %.0f배"},
    [S_UNKNOWN_WORD] = {"'%s' is not in the vocabulary", "'%s'은(는) 어휘에 없습니다"},
};

const char *win_str(win_Lang lang, win_StrId id)
{
    if (id < 0 || id >= S_COUNT) return "";
    if (lang < 0 || lang >= WIN_LANG_COUNT) lang = WIN_LANG_EN;
    const char *s = STR[id][lang];
    return s ? s : STR[id][WIN_LANG_EN] ? STR[id][WIN_LANG_EN] : "";
}

static const char *const SECTIONS[][WIN_LANG_COUNT] = {
    {"Stepping", "단계 이동"},
    {"Looking", "보기"},
    {"Sentence", "문장"},
    {"Window", "창"},
};

const char *win_help_section(win_Lang lang, int i)
{
    if (i < 0 || i >= (int)(sizeof SECTIONS / sizeof SECTIONS[0])) return NULL;
    return SECTIONS[i][lang == WIN_LANG_KO ? 1 : 0];
}

static const win_HelpRow HELP[] = {
    {{"Right / Left", NULL}, {"next / previous step", "다음 / 이전 단계"}},
    {{"Shift+Right / Left", NULL}, {"next / previous sub-layer", "다음 / 이전 부층"}},
    {{"PgDn / PgUp", NULL}, {"next / previous layer", "다음 / 이전 층"}},
    {{"Home / End", NULL}, {"first / last step", "처음 / 마지막 단계"}},
    {{"Space", NULL}, {"play / pause", "재생 / 일시 정지"}},
    {{"+ / -", NULL}, {"play faster / slower", "더 빠르게 / 더 느리게"}},
    {{"Up / Down", NULL}, {"previous / next token or output position", "이전 / 다음 토큰 또는 출력 위치"}},
    {{"[ / ]", NULL}, {"earlier / later training snapshot", "이전 / 다음 학습 스냅숏"}},
    {{NULL, NULL}, {NULL, NULL}},
    {{"S  M  L  G", NULL}, {"step, tensor, lines (Figure 3), all heads", "단계, 텐서, 연결선 (그림 3), 모든 헤드"}},
    {{"V", NULL}, {"next view", "다음 화면"}},
    {{"1 … 9, 0", NULL}, {"toggle head 1 … 9, show all heads", "헤드 1 … 9 켜고 끄기, 모든 헤드 보기"}},
    {{"click / double-click chip", "칩 클릭 / 더블클릭"}, {"toggle / solo a head", "헤드 켜고 끄기 / 하나만 보기"}},
    {{"click token", "토큰 클릭"}, {"select it in every view", "모든 화면에서 선택"}},
    {{"wheel, drag", "휠, 끌기"}, {"zoom and pan a matrix", "행렬 확대와 이동"}},
    {{"Z", NULL}, {"reset zoom", "확대 초기화"}},
    {{"O  T", NULL}, {"turn lines view, grid style", "연결선 방향, 격자 모양 바꾸기"}},
    {{"Esc", NULL}, {"clear the selection", "선택 해제"}},
    {{NULL, NULL}, {NULL, NULL}},
    {{"/ or Enter", "/ 또는 Enter"}, {"type a sentence", "문장 입력"}},
    {{"Enter (typing)", "Enter (입력 중)"}, {"run the model on it", "모델 실행"}},
    {{"Tab (typing)", "Tab (입력 중)"}, {"take the suggested word", "제안 단어로 바꾸기"}},
    {{"B", NULL}, {"greedy or beam search", "탐욕 탐색 또는 빔 탐색"}},
    {{"N / P (lesson)", "N / P (레슨)"}, {"next / previous page", "다음 / 이전 페이지"}},
    {{"R (lesson)", "R (레슨)"}, {"back to the page's view", "페이지의 화면으로 돌아가기"}},
    {{NULL, NULL}, {NULL, NULL}},
    {{"Ctrl+S or E", "Ctrl+S 또는 E"}, {"export the view as PNG and SVG", "현재 화면을 PNG와 SVG로 내보내기"}},
    {{"F2", NULL}, {"English / 한국어", "English / 한국어"}},
    {{"Ctrl+= / Ctrl+-", NULL}, {"larger / smaller interface", "인터페이스 크게 / 작게"}},
    {{"F1 or ?", "F1 또는 ?"}, {"this page", "이 도움말"}},
    {{"Ctrl+Q", NULL}, {"quit", "끝내기"}},
    {{NULL, NULL}, {NULL, NULL}},
    {{NULL, NULL}, {NULL, NULL}},
};

const win_HelpRow *win_help_rows(void)
{
    return HELP;
}
