# fieldvault 데스크톱 앱: 한국어. 모든 키는 ../en/app.ftl 에도 있어야 합니다 (테스트가 확인).

## 상단 막대와 메뉴
role-field = 현장 노트북
role-hq = 본부
switch-language = English
nav-lock = 지금 잠그기
nav-interviews = 면담 목록
nav-new-interview = + 새 면담
nav-export = USB로 내보내기
nav-receipt = 수령증 가져오기
nav-wipe = 전달된 면담 삭제
nav-trust = 신뢰와 키
nav-settings = 설정
nav-destroy = 보관함 파기
nav-archive = 기록 보관소
nav-hq-import = 번들 가져오기
nav-devices = 기기
panic-lock-hint = Ctrl+L을 누르면 즉시 잠깁니다.
status-line = 면담 { $interviews }건 · 초안 { $draft } · 봉인 { $sealed } · 내보냄 { $exported } · 전달됨 { $delivered }
notice-dismiss = 닫기
notice-details = 자세히
notice-technical = 기술 정보(영어, 기술 담당자용):
locked-notice = 잠겼습니다. 복호화된 내용은 모두 메모리에서 지워졌습니다.
cancel = 취소
choose-none = (없음)
choose-search = 검색어 입력
choose-other-code = 또는 코드:
gender-female = 여성
gender-male = 남성
gender-own-words = 또는 본인의 표현:

## 만들기와 열기
unlock-title = 보관함 열기
unlock-passphrase = 암호 문구
unlock-button = 열기
unlock-hint = 암호 문구를 잊으면 본부를 포함해 누구도 이 보관함을 열 수 없습니다.
create-title = 보관함 만들기
create-intro = 이 노트북에 보관함이 없습니다. 암호 문구를 정하세요. 서로 관계없는 여러 단어로 길게, 노트북 옆에 적어 두지 마세요.
create-passphrase = 새 암호 문구
create-repeat = 암호 문구 다시 입력
create-label = 보관함 이름
create-label-hint = 예: 노트북 3
create-hq = 본부 보관함입니다 (현장 노트북의 번들을 가져옴)
create-mismatch = 두 암호 문구가 다릅니다. 둘 다 다시 입력하세요.
create-button = 보관함 만들기
create-default-field-label = 현장 노트북
create-default-hq-label = 본부
pass-strength-empty = 10자 이상이어야 합니다.
pass-strength-short = 너무 짧습니다: 10자 이상.
pass-strength-fair = 사용할 수 있습니다. 길수록 안전합니다.
pass-strength-good = 좋습니다.
pass-strength-strong = 강합니다.

## 오류 ("자세히" 아래에 기술적인 내용)
err-wrong-passphrase = 암호 문구로 보관함을 열 수 없습니다. 아무것도 바뀌지 않았습니다. 한/영 입력 상태를 확인하고 다시 입력하세요.
err-invalid = 아직 올바르지 않은 항목이 있습니다. 저장되지 않았습니다. 표시된 항목을 고친 뒤 다시 저장하세요.
err-not-a-vault = 이 폴더에는 보관함이 없습니다. 폴더를 확인하거나 새 보관함을 만드세요.
err-damaged = 보관함이나 파일이 손상되었습니다. 아무것도 지우지 말고 데이터 관리자에게 연락하세요.
err-conflict = 지금은 할 수 없습니다. 먼저 할 일은 "자세히"를 보세요.
err-not-found = 찾을 수 없습니다. 이미 삭제되었을 수 있습니다.
err-rejected = 파일이 거부되었습니다: 손상되었거나 위조되었거나 이 보관함용이 아닙니다. 아무것도 바뀌지 않았습니다.
err-io-missing = 필요한 폴더나 파일이 없습니다. "자세히"에 나온 폴더를 확인한 뒤 다시 시도하세요.
err-io-permission = 이 사용자 계정은 그 폴더를 쓸 수 없습니다. 홈 폴더 안의 폴더를 고른 뒤 다시 시도하세요.
err-io-read-only = 그 폴더에는 쓸 수 없습니다. 쓸 수 있는 폴더를 고른 뒤 다시 시도하세요.
err-io-full = 노트북 디스크가 가득 찼습니다. 잃은 것은 없습니다. 공간을 비운 뒤 다시 시도하세요.
err-io-other = 파일이나 폴더를 사용할 수 없습니다("자세히" 참고). 잃은 것은 없습니다. 다시 시도하고, 계속되면 데이터 관리자에게 알리세요.
err-stick-missing = USB 폴더가 없습니다. USB가 빠졌을 수 있습니다. 다시 꽂고 폴더를 다시 고른 뒤 시도하세요.
err-stick-read-only = USB에 쓸 수 없습니다. 쓰기 방지 스위치를 확인하거나 다른 USB를 쓰세요.
err-stick-full = USB가 가득 찼습니다. 잃은 것은 없습니다. USB 공간을 비우거나 다른 USB를 쓰세요.
err-stick-other = USB를 사용할 수 없습니다("자세히" 참고). 잃은 것은 없습니다. USB를 확인하거나 다른 USB를 쓰세요.
err-weak-passphrase = 암호 문구가 너무 짧습니다. 10자 이상으로 하세요. 서로 관계없는 단어 여러 개가 좋습니다.
err-not-empty = 그 폴더에는 이미 파일이 있습니다. 새 보관함은 비어 있거나 새 폴더가 필요합니다. 다른 폴더를 고르세요.
err-card = 이 보관함이 쓸 수 있는 신뢰 카드가 아닙니다("자세히" 참고). 상대방에게 카드를 다시 받으세요.
err-busy = 지금 작업이 끝날 때까지 기다려 주세요.
err-job-crashed = 작업이 예기치 않게 멈췄습니다. 안전을 위해 보관함을 잠갔습니다. 다시 열어 결과를 확인하세요.

## 면담 목록
list-title = 면담 목록
list-title-hq = 기록 보관소
list-count = { $count }건 표시
list-filter = 상태
list-search = 검색어
list-search-button = 검색
list-search-clear = 검색 지우기
list-hits = { $count }건의 면담이 일치합니다
snippet-narrative = 진술
snippet-incidents = 사건
snippet-places = 장소
snippet-facilities = 시설
snippet-tags = 태그
snippet-code = 코드
list-revision = { $number }번째 판
list-empty = 아직 면담이 없습니다. "+ 새 면담"으로 시작하세요.
list-empty-hq = 기록 보관소가 비어 있습니다. 현장 노트북의 번들을 가져오세요.
state-all = 모든 상태
work-copy-line = { $time }에 저장하지 않은 작업이 안전하게 보관되어 있습니다.
work-restore = 이어서 편집
work-discard = 작업 버리기
work-pending = 지난번에 저장하지 않은 양식 { $count }개가 보관되어 있습니다. 목록 맨 위에 있습니다.

## 면담 한 건
detail-back = ← 목록으로
detail-hash = 판 해시:
detail-device = 기기 { $device }에서 옴
detail-edit = 초안 편집
detail-seal = 봉인…
detail-seal-warning = 봉인한 면담은 더 이상 바꿀 수 없습니다. 수정은 새 판이 됩니다.
detail-seal-confirm = 지금 봉인
detail-revise = 수정 시작 (새 판)
detail-wiped = 본부에 전달되었고 이 노트북에서 삭제되었습니다.
detail-history = 판 기록
detail-record = 저장된 기록 원문 (JSON)
detail-missing = 이 면담을 표시할 수 없습니다.
detail-no-content = 전달 후 내용이 삭제되었습니다. 기록만 남아 있습니다.
seal-done = 봉인되었습니다. 판 해시:

## 편집기
editor-title-new = 새 면담
editor-title-draft = 초안 편집
editor-title-revise = 봉인된 면담의 수정
editor-save = 저장
editor-close = 닫기
editor-saved = 저장되었습니다.
editor-autosaved = 보관함에 안전하게 보관됨.
editor-unsaved = 변경 내용 보관 중…
editor-ready = 저장할 수 있습니다.
editor-problem-count = 저장하려면 고칠 항목 { $count }개 (맨 아래에 있음).
editor-problems = 저장하려면 다음을 고치세요:
editor-revise-note = 저장하면 봉인된 판을 가리키는 새 초안 판이 만들어집니다. 봉인된 판은 그대로 남습니다.
editor-bad-date = 날짜가 아닙니다. 예: 2019-10, 2014~, 2012?, 2015/2017
section-interview = 면담
section-consent = 동의
section-interviewee = 면담 대상자 (이름은 절대 쓰지 않음)
section-narrative = 증언
section-incidents = 사건 ({ $count })
section-children = 자녀 ({ $count })
section-follow-up = 후속 조치와 태그
field-code = 대상자 코드
field-interviewed-on = 면담 날짜
field-place = 면담 장소
field-interviewer = 면담자 코드
field-language = 면담 언어
field-interpreter = 통역자 코드
field-recording = 녹음 허용
field-quote = 인용 허용
field-share-with = 공유 가능 대상 (쉼표로 구분)
field-consent-note = 동의 메모
field-gender = 성별
field-birth-year = 출생 연도
field-origin = 출신지
field-current-country = 현재 사는 나라
field-narrative = 진술
field-incident-kind = 무슨 일
field-when = 언제
field-incident-place = 어디서 (장소)
field-country = 나라
field-facility-name = 시설 이름
field-facility-type = 시설 종류
field-perpetrator-kind = 가해자
field-perpetrator-note = 가해자 메모
field-victims = 피해자 (self, sister…)
field-source = 출처
field-description = 설명
field-child-birth-year = 자녀 출생 연도
field-child-country = 자녀 거주국
field-registered = 출생 등록
field-with-whom = 함께 사는 사람
field-child-note = 메모
field-follow-up = 후속 조치 (연계, 필요 사항)
field-tags = 태그 (쉼표로 구분)
incident-number = 사건 { $number }
incident-add = + 사건 추가
incident-remove = 사건 삭제
perpetrator-add = + 가해자 추가
perpetrator-remove = 삭제
child-number = 자녀 { $number }
child-add = + 자녀 추가
child-remove = 자녀 삭제
registered-unknown = 모름
registered-yes = 예
registered-no = 아니요

## 파일 선택
picker-home = 홈
picker-sticks = USB:
picker-no-stick = 찾지 못했습니다. USB를 꽂으면 여기에 나타납니다.
picker-stick = { $label } (여유 { $free })
picker-up = ↑ 위로
picker-location = 폴더
picker-receipt-location = 수령증 폴더
picker-go = 이동
picker-no-such-folder = 그런 폴더가 없습니다.
picker-unreadable = 이 폴더를 읽을 수 없습니다.
picker-empty = (비어 있음)

## 내보내기
export-title = USB로 내보내기
export-intro = 봉인된 면담을 본부만 열 수 있는 암호화 파일 하나로 만듭니다. 이 노트북은 그 파일을 다시 열 수 없습니다.
export-no-hq = 아직 신뢰하는 본부가 없어 아무도 내보낸 파일을 열 수 없습니다. "신뢰와 키"에서 본부의 신뢰 카드를 추가하세요.
export-pending = 봉인된 면담 { $count }건이 번들에 들어갑니다:
export-leave-out-hint = 이번 번들에서 뺄 면담은 체크를 해제하세요. 그 면담은 다음 내보내기 때까지 이 노트북에 남습니다.
export-nothing = 내보낼 것이 없습니다. 먼저 끝난 면담을 봉인하세요.
export-choose-folder = USB의 폴더를 고르세요:
export-destination = 저장 위치:
export-start = 번들 쓰기
export-done = 면담 { $count }건을 내보냈습니다.
export-verified = 파일을 다시 읽어 검증했습니다.
export-recovered = 중단된 내보내기가 끝내 두었던 번들 { $count }개를 이 폴더에서 찾아 기록했습니다. 그대로 본부에 가져가면 됩니다.
export-file = 파일:
export-recipients = 이 파일을 열 수 있는 곳: { $names }
export-on-vault-disk = 이 폴더는 별도의 USB가 아니라 노트북 자체 디스크에 있습니다. USB가 있어야 한다면 꽂혀 있지 않거나 연결되지 않은 것입니다. USB를 꽂고 파일을 옮긴 뒤, 폴더가 USB의 것인지 확인하세요.
export-next = USB를 본부에 전달하세요. 본부의 수령증이 돌아올 때까지 면담은 여기에 남습니다.

## 수령증
receipt-title = 수령증 가져오기
receipt-intro = 본부는 번들마다 서명한 수령증을 USB에 써서 답합니다. USB 폴더를 고르세요. 그 안에서 이 노트북의 수령증을 모두 확인하고, 수령증에 적힌 면담만 전달된 것으로 처리합니다.
receipt-import = 이 폴더의 수령증 확인
receipt-done = 면담 { $count }건의 전달이 확인되었습니다.
receipt-from = { $name }이(가) 서명했습니다.
receipt-next = 이제 "전달된 면담 삭제"에서 이 노트북에서 지울 수 있습니다.

## 삭제와 파기
wipe-title = 전달된 면담 삭제
wipe-intro = 본부가 수령증으로 확인한 면담만 삭제됩니다. 나머지는 모두 남습니다.
wipe-nothing = 삭제할 것이 없습니다. 전달이 확인된 면담이 없습니다.
wipe-will-go = 다음 면담 { $count }건이 이 노트북에서 삭제됩니다:
wipe-kept = 아직 전달되지 않은 다른 면담 { $count }건은 남습니다.
wipe-passphrase = 암호 문구 (보관함 키가 교체됩니다)
wipe-need-passphrase = 계속하려면 암호 문구를 입력하세요.
wipe-hold = 길게 눌러 삭제
wipe-done = 면담 { $count }건을 삭제했습니다.
wipe-work-copies = 이 면담들의 저장하지 않은 편집 내용({ $count }건)도 함께 삭제됩니다.
wipe-work-discarded = 저장하지 않은 편집 내용 { $count }건도 함께 삭제했습니다.
wipe-limits = 삭제가 보장하는 것과 보장하지 않는 것
wipe-limit-1 = 삭제한 면담의 본문, 검색 항목, 기록 세부 내용은 암호화된 데이터베이스 안에서 지웠고, 데이터베이스는 그것 없이 다시 썼습니다.
wipe-limit-2 = 데이터베이스 키를 바꿨습니다. 데이터베이스나 그 일부의 옛 사본(예: SSD나 USB가 쓰기 위치를 옮기며 남긴 블록)은 이제 없는 키로 암호화되어 있습니다. 단, 옛 vault.header 도 없어야 합니다.
wipe-limit-3 = 옛 vault.header 는 지우기 전에 제자리에서 덮어썼습니다. 플래시 매체에는 옛 블록이 물리적으로 남을 수 있고, 그 사본과 그때의 암호 문구를 모두 가진 사람은 옛 키를 되살릴 수 있습니다. 그것이 걱정되면 삭제 후 암호 문구를 바꾸세요.
wipe-limit-4 = 일부러 남기는 것: 삭제한 판마다 흔적 하나(코드, 판 번호, 판 해시, 수령증 id, 시각). 전달되었음을 보여 주기 위해서입니다.
destroy-title = 이 보관함 파기
destroy-intro = 긴급 상황용: 이 보관함의 모든 내용을 즉시 읽을 수 없게 만든 뒤 지웁니다. 아직 전달하지 않은 면담은 영원히 사라집니다.
destroy-what = { $folder }의 면담 { $count }건:
destroy-warning = 되돌릴 수 없습니다.
destroy-hold = 길게 눌러 모두 파기
destroy-done = 보관함이 파기되었습니다.
destroy-partial = 키는 지워졌지만 일부 파일을 지우지 못했습니다. 자세히를 보세요.
destroy-problems = 파일 { $count }개를 덮어쓰지 못했습니다. 각각 지웠거나 남겼는지는 기술 정보에 있습니다.

## 신뢰
trust-title = 신뢰와 키
trust-own = 이 보관함
trust-fingerprint = 지문:
trust-export-card = 이 보관함의 신뢰 카드를 폴더에 저장
trust-write-card = 신뢰 카드 저장
trust-card-written = 신뢰 카드를 저장했습니다.
trust-hqs = 내보낸 파일을 열 수 있는 본부
trust-devices = 등록된 현장 노트북
trust-none-hq = 아직 본부가 없습니다.
trust-none-device = 아직 등록된 현장 노트북이 없습니다.
trust-remove = 삭제
trust-removed-mark = 삭제됨
trust-add = 신뢰 카드 추가
trust-add-button = 추가
trust-read-card = 카드 읽기
trust-card-says = 이 카드의 지문:
trust-type-read-out = 상대방에게 화면에 보이는 지문을 읽어 달라고 하고, 여기에 입력하세요:
trust-new-key = 이미 다른 암호화 키로 신뢰하는 상대입니다. 앞으로 내보내는 모든 것이 새 키로 갑니다:
trust-accept-new-key = 상대방이 키를 바꿨다고 직접 확인해 주었습니다
trust-was-removed = 이 상대는 { $when }에 신뢰 목록에서 제거되었습니다. 이유가 있었다면(분실·압수된 기기, 바뀐 키) 다시 추가하지 마세요.
trust-added = 이제 { $label }을(를) 신뢰합니다.
trust-added-again = { $label }을(를) 다시 신뢰합니다. { $when }에 신뢰 목록에서 제거된 적이 있습니다. 분실·압수된 기기나 교체된 키 때문이었다면 즉시 다시 제거하세요.
trust-removed = 더 이상 { $label }을(를) 신뢰하지 않습니다.
trust-compare = 믿기 전에 상대방과 이 지문을 대조하세요:
trust-unreadable = 파일을 신뢰 카드로 읽을 수 없습니다.

## 설정
settings-title = 설정
settings-language = 언어
settings-auto-lock = 사용하지 않을 때 잠금 (분)
settings-apply = 적용
settings-text-size = 글자 크기
settings-text-normal = 보통
settings-text-large = 크게
settings-text-larger = 더 크게
settings-saved = 이제 { $minutes }분 동안 사용하지 않으면 보관함이 잠깁니다.
settings-passphrase = 암호 문구 바꾸기
settings-old-passphrase = 현재 암호 문구
settings-new-passphrase = 새 암호 문구
settings-repeat-passphrase = 새 암호 문구 다시 입력
settings-change = 암호 문구 바꾸기
settings-passphrase-changed = 암호 문구가 바뀌었습니다. 이전 암호 문구로는 더 이상 열 수 없습니다.

## 본부
hq-import-title = 번들 가져오기
hq-import-intro = USB에서 번들 파일을 고르세요. 각 번들은 검증된 뒤 통째로 저장되거나, 아무것도 바꾸지 않고 거부됩니다.
hq-import-receipts = 노트북에 보낼 수령증 쓰기
hq-import-receipt-folder = 수령증을 둘 폴더 (보통 같은 USB):
hq-import-button = 번들 { $count }개 가져오기
import-done = 가져옴: { $ok }. 거부됨: { $failed }.
import-cancelled = 멈췄습니다. 가져옴: { $ok }. 거부됨: { $failed }.
import-stored = { $device }의 면담 { $count }건 저장 (번들 { $sequence })
import-already = 이미 가져온 번들입니다. 바뀐 것이 없습니다.
import-held-back = 앞 개정본이 아직 오지 않아 개정본 { $count }건을 보류했습니다. 노트북이 그대로 보관합니다.
import-flagged = 검토할 일이 { $count }건 있습니다 (예: 다른 노트북도 쓴 코드). `fieldvault hq review`를 실행하세요.
devices-title = 기기
devices-gaps = 도착하지 않은 번들
devices-no-gaps = 빠진 번들이 없습니다.
devices-gap = { $count ->
    [1] { $device }: 번들 { $first }이(가) 도착하지 않았습니다.
   *[other] { $device }: 번들 { $first }~{ $last }이(가) 도착하지 않았습니다.
}

## 작업
job-export = 번들을 쓰는 중…
job-export-verifying = 번들을 다 썼습니다. USB에 정확히 저장되었는지 확인하는 중(기록, 다시 읽기)…
job-import = 번들을 가져오는 중…
job-receipt = 수령증을 확인하는 중…
job-wipe = 삭제하는 중…
job-working = 작업 중…
job-progress = { $total }개 중 { $done }개
job-cancel = 이 번들 다음에 멈추기
job-stopping = 이 번들 다음에 멈추는 중…
job-no-cancel = 이 작업은 중간에 안전하게 멈출 수 없습니다. 곧 끝납니다.

steps-title = 첫 단계: 면담이 본부에 닿기까지
steps-cards = 본부와 신뢰 카드를 교환하기 (지문 대조)
steps-interview = 면담 기록하기
steps-seal = 다 쓰면 봉인하기 (목록에서 열고 "봉인")
steps-export = USB로 내보내기
steps-receipt = 본부의 수령증 가져오기
steps-wipe = 전달된 면담을 이 노트북에서 지우기
steps-go-trust = → 신뢰와 키
steps-go-new = → 새 면담
steps-go-export = → 내보내기
steps-go-receipt = → 수령증
steps-go-wipe = → 지우기
